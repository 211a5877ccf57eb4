/** list / task / stats with SenseCore ADS tasks beside OMS ones, through the runner, over HTTP. */
import { afterEach, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.ts";
import { formatZoned } from "../../src/core/zoned-time.ts";
import { ADS_CANARY_AK, ADS_CANARY_SK } from "../../src/simulator/ads-tasks.ts";
import {
  type AlertWorld,
  type AlertWorldOptions,
  MIN,
  startAlertWorld,
  T0,
} from "./alert-harness.ts";

const NOW = T0 + 3 * MIN;
let world: AlertWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function start(o: AlertWorldOptions = {}) {
  world = await startAlertWorld({ ads: true, start: NOW, ...o });
  return world;
}

/** All of a reply that anyone could read: text, blocks, file names and file bytes as text. */
function replyDump(r: Reply): string {
  const files = r.files.map((f) => `${f.filename} ${f.title} ${new TextDecoder().decode(f.data)}`);
  return `${JSON.stringify({ text: r.text, blocks: r.blocks })}\n${files.join("\n")}`;
}

const blockTexts = (r: { blocks: readonly { kind: string; text?: string }[] }) =>
  r.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");

describe("list", () => {
  it("shows ADS tasks in their own section beside OMS: state, percent, rate, counts", async () => {
    const w = await start();
    const r = await w.run("list");
    expect(r.isError).toBeFalsy();
    const all = blockTexts(r);
    expect(all).toContain("OMS sync tasks (6)");
    expect(all).toContain("SenseCore ADS tasks (6)");
    expect(all).toMatch(
      /\*imagenet-train-sync\* `ads-7a1c0e52` — 25% · 33\.2MB\/s · 320,292 of 1,281,167 files/,
    );
    expect(all).toContain("*DOING* (3)");
    expect(all).toContain("*SCANNING* (1)");
    expect(all).toContain("*PAUSED* (1)");
    // A state seed 004 does not list, as it came.
    expect(all).toContain("*VERIFYING* (1)");
    expect(all).toContain("1,204 already there");
    expect(r.text).toContain("6 SenseCore ADS tasks: ");
  });

  it("ADS not configured: no ADS at all, and no error", async () => {
    const w = await start({ ads: false });
    const r = await w.run("list");
    expect(r.isError).toBeFalsy();
    expect(replyDump(r)).not.toMatch(/ADS/);
    expect(blockTexts(r)).toContain("Sync tasks (6)");
    expect(w.sim.ads.log).toHaveLength(0);
  });

  it("ADS down: OMS tasks still listed, and the reply says ADS is unavailable", async () => {
    const w = await start();
    w.sim.ads.down = true;
    const r = await w.run("list");
    expect(r.isError).toBeFalsy();
    expect(blockTexts(r)).toContain("*nightly-backup*");
    expect(replyDump(r)).toContain("SenseCore ADS is unavailable");
  });
});

describe("task", () => {
  it("shows an ADS task's card: service, paths, type, size, times in the asker's zone", async () => {
    const w = await start();
    const r = await w.run("task imagenet-train-sync", { tz: "Asia/Shanghai" });
    expect(r.isError).toBeFalsy();
    const fields = Object.fromEntries(
      r.blocks.flatMap((b) => (b.kind === "fields" ? b.fields.map((f) => [f.label, f.value]) : [])),
    );
    expect(blockTexts(r)).toContain("SenseCore ADS task");
    expect(r.text).toContain("(SenseCore ADS task) is DOING");
    expect(fields.Source).toBe("`aoss-imagenet/train/` (cn-sh-01)");
    expect(fields.Destination).toBe("`fs-train-01/datasets/imagenet/` (cn-sh-01)");
    expect(fields.Type).toBe("`AOSSTOFS`");
    expect(fields.Size).toBe("1.4 TB");
    const started = NOW - 3 * 60 * MIN - (NOW % 1000);
    expect(fields.Started).toBe(formatZoned(started, "Asia/Shanghai"));
    expect(fields.Started).not.toBe(formatZoned(started, "UTC"));
    expect(fields.Ended).toBe("not yet");
    expect(fields["Time cost"]).toBe("3h0m");
  });

  it("a task that failed minutes after its start shows its error and end", async () => {
    const w = await start();
    const before = await w.run("task fs-export-checkpoints");
    expect(before.text).toContain("is DOING");
    w.clock.now = NOW + 10 * MIN;
    const r = await w.run("task fs-export-checkpoints");
    expect(r.text).toContain("is FAILED");
    expect(blockTexts(r)).toContain(
      ":x: *Error:* PutObject denied: bucket aoss-ckpt is read-only (403)",
    );
  });

  it("an OMS task's card says it is an OMS task when ADS is there too", async () => {
    const w = await start();
    const r = await w.run("task nightly-backup");
    expect(blockTexts(r)).toContain("OMS sync task");
  });

  it("a name both services have is ambiguous, listing which service each is", async () => {
    const w = await start({ sim: { ads: { extraTaskNames: ["nightly-backup"] } } });
    const r = await w.run("task nightly-backup");
    expect(r.isError).toBe(true);
    expect(r.text).toContain("matches 2 tasks");
    expect(r.text).toMatch(/OMS sync task .*nightly-backup/);
    expect(r.text).toMatch(/SenseCore ADS task .*nightly-backup/);
    // The ID settles it.
    const byId = await w.run("task ads-ee000000-extra");
    expect(byId.text).toContain("(SenseCore ADS task)");
  });

  it("ADS down: an OMS task still shows, noting ADS; an ADS name says ADS was not searched", async () => {
    const w = await start();
    w.sim.ads.down = true;
    const oms = await w.run("task nightly-backup");
    expect(oms.isError).toBeFalsy();
    expect(replyDump(oms)).toContain("SenseCore ADS is unavailable");
    const ads = await w.run("task imagenet-train-sync");
    expect(ads.isError).toBe(true);
    expect(ads.text).toContain(
      "SenseCore ADS is unavailable right now, so its tasks were not searched",
    );
    const stats = await w.run("stats nightly-backup last 1h");
    expect(stats.isError).toBeFalsy();
  });
});

describe("stats <ads task>", () => {
  it("charts the recorded progress and says when it finishes at the current rate", async () => {
    const w = await start();
    for (let i = 0; i <= 12; i++) {
      w.clock.now = NOW + i * 5 * MIN;
      expect((await w.recorder.record(w.clock.now)).ok).toBe(true);
    }
    const r = await w.run("stats imagenet-train-sync last 2h");
    expect(r.isError).toBeFalsy();
    expect(r.text).toContain("(SenseCore ADS task) is DOING: 33.3%");
    expect(r.text).toMatch(/At the current rate \(\+8\.3%\/h\) it should finish around /);
    const eta = /finish around (\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(r.text)?.[1] ?? "";
    // 12 h end to end from NOW − 3 h: about NOW + 9 h (percent comes rounded to 0.1).
    const etaMs = Date.parse(`${eta.replace(" ", "T")}:00Z`);
    expect(Math.abs(etaMs - (NOW + 9 * 60 * MIN))).toBeLessThan(10 * MIN);
    const chart = w.charts.stats.at(-1);
    expect(chart?.title).toBe("imagenet-train-sync (SenseCore ADS)");
    expect(chart?.subtitle).toContain("25% → 33.3%");
    const files = (chart?.series.SUCCESS ?? []).reduce((a, p) => a + p.v, 0);
    // round(1,281,167 × 33.3%) − round(1,281,167 × 25%): every file completed in the range, once.
    expect(files).toBe(426_629 - 320_292);
    expect(r.files.map((f) => f.mimeType)).toEqual(["image/png"]);
  });

  it("one sample: no chart, no estimate yet, said plainly", async () => {
    const w = await start();
    await w.recorder.record(NOW);
    const r = await w.run("stats imagenet-train-sync");
    expect(r.isError).toBeFalsy();
    expect(r.text).toContain("a finish estimate needs two");
    expect(r.files).toHaveLength(0);
    expect(w.charts.stats).toHaveLength(0);
  });

  it("a stuck task says there is no progress rather than a finish time", async () => {
    const w = await start();
    for (let i = 0; i <= 3; i++) await w.recorder.record(NOW + i * 5 * MIN);
    w.clock.now = NOW + 15 * MIN;
    const r = await w.run("stats oss-import-raw last 1h");
    expect(r.text).toContain("No progress since");
  });
});

describe("third-party keys", () => {
  it("never reach a reply, a log line at trace level, or the store", async () => {
    const w = await start();
    for (let i = 0; i < 3; i++) await w.recorder.record(NOW + i * 5 * MIN);
    w.clock.now = NOW + 10 * MIN;
    const replies = await Promise.all(
      ["list", "task oss-import-raw", "stats oss-import-raw last 1h csv", "task nosuch-task"].map(
        (c) => w.run(c),
      ),
    );
    // An outage logs its error chain too: that must be clean as well.
    w.sim.ads.down = true;
    replies.push(await w.run("list"));
    // The task really came through, third-party source and all: the scan below means something.
    expect(replies.map(replyDump).join()).toContain("oss-cn-hangzhou.aliyuncs.com");
    const stored = JSON.stringify(await w.store.list("adsProgress"));
    expect(stored).toContain("ads-3c55d210-oss");
    expect(w.lines.some((l) => l.includes("SenseCore ADS tasks unavailable"))).toBe(true);
    for (const text of [...replies.map(replyDump), stored, ...w.lines]) {
      expect(text).not.toContain(ADS_CANARY_AK);
      expect(text).not.toContain(ADS_CANARY_SK);
    }
  });
});
