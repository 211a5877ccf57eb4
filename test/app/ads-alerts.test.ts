/**
 * Alerts on SenseCore ADS tasks through the incident lifecycle, against the simulator: its
 * fs-export-checkpoints task starts 2 minutes before T0 and FAILS 5 minutes after its start
 * (T0 + 3 min); imagenet-train-sync progresses with the clock; oss-import-raw is DOING but never
 * moves. Each `round` is an evaluation followed by the progress recorder, as in the bot.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type AlertWorld, startAlertWorld } from "./alert-harness.ts";

const EXPORT = "ads-91f0b3d4-export";

let world: AlertWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const statisticsCalls = (w: AlertWorld) =>
  w.sim.requests.filter((r) => r.path.includes("statistic")).length;

describe("ADS `failed`", () => {
  it("fires one root when the task fails and resolves in its thread after a restart, two clear rounds later", async () => {
    world = await startAlertWorld({ ads: true });
    const w = world;
    const added = await w.run("alert add fs-export-checkpoints failed repeat 30m");
    expect(added.isError).toBe(false);
    expect(added.text).toContain("(SenseCore ADS)");
    const calls = w.adsCalls.n;

    const before = await w.round(0); // still DOING
    expect(before).toMatchObject({ opened: 0, adsTasks: 6 }); // the history tasks are not listed;
    expect(w.chat.log).toEqual([]);

    const failed = await w.round(5);
    expect(failed.opened).toBe(1);
    const [root, ...more] = w.chat.of("root");
    expect(more).toEqual([]);
    expect(root?.text).toContain("FIRING: fs-export-checkpoints (SenseCore ADS) · failed");
    expect(root?.all).toContain("bucket aoss-ckpt is read-only (403)");
    // No OMS statistics for an ADS task: no chart, no statistics call.
    expect(w.chat.of("upload")).toEqual([]);
    expect(w.charts.incidents).toEqual([]);
    expect(statisticsCalls(w)).toBe(0);

    await w.round(10); // still FAILED: nothing new (repeat 30m)
    expect(w.chat.log).toHaveLength(1);

    w.override(EXPORT, { state: "DOING", errMsg: null, ended: null });
    await w.round(15); // first clear round: not yet
    expect(w.chat.of("update")).toEqual([]);
    const resolved = await w.round(20);
    expect(resolved.resolved).toBe(1);
    const [reply] = w.chat.of("reply");
    expect(reply?.thread).toBe(root?.ts);
    expect(reply?.text).toContain("Resolved after");
    expect(w.chat.of("update")).toEqual([
      expect.objectContaining({ ts: root?.ts, text: expect.stringContaining("RESOLVED") }),
    ]);
    expect(w.chat.of("root")).toHaveLength(1);
    // Each round's evaluation asks ADS once (the recorder asks once more, as in the bot).
    expect(w.adsCalls.n - calls).toBe(5 * 2);
  });

  it("`alert add all failed` covers every ADS task; Ack and Mute work on its incident", async () => {
    world = await startAlertWorld({ ads: true });
    const w = world;
    expect((await w.run("alert add all failed")).text).toContain("every SenseCore ADS task");
    await w.round(5);
    const [incident] = await w.store.list("incidents");
    expect(incident).toMatchObject({
      taskId: EXPORT,
      taskName: "fs-export-checkpoints",
      service: "ads",
      state: "firing",
    });
    const ack = await w.run(`alert ack ${incident?.id}`);
    expect(ack.text).toContain("Acknowledged");
    const mute = await w.run("alert mute fs-export-checkpoints 2h");
    expect(mute.isError).toBe(false);
    expect((await w.store.list("mutes"))[0]?.taskId).toBe(EXPORT);
    const list = await w.run("alert list");
    expect(list.text).toContain("1 firing");
  });
});

describe("ADS `stalled`", () => {
  it("does not fire on a task that progresses, and fires on one that does not move once the history covers the duration", async () => {
    world = await startAlertWorld({ ads: true });
    const w = world;
    expect((await w.run("alert add imagenet-train-sync stalled 30m")).isError).toBe(false);
    expect((await w.run("alert add oss-import-raw stalled 30m")).isError).toBe(false);
    for (let m = 0; m <= 25; m += 5) await w.round(m);
    // Under 30 minutes of the bot's own history: too little to say either is stalled.
    expect(w.chat.log).toEqual([]);
    const r = await w.round(30);
    expect(r.opened).toBe(1);
    const roots = w.chat.of("root");
    expect(roots).toHaveLength(1);
    expect(roots[0]?.text).toContain("oss-import-raw (SenseCore ADS) · stalled 30m");
    expect(roots[0]?.all).toContain("no progress since 62%");
    for (let m = 35; m <= 60; m += 5) await w.round(m);
    const open = (await w.store.list("incidents")).filter((i) => i.state !== "resolved");
    expect(open.map((i) => i.taskName)).toEqual(["oss-import-raw"]);
  });

  it("fires on the progressing task when its counts stop moving while the clock goes on", async () => {
    world = await startAlertWorld({ ads: true });
    const w = world;
    await w.run("alert add imagenet-train-sync stalled 20m");
    for (let m = 0; m <= 20; m += 5) await w.round(m);
    expect(w.chat.log).toEqual([]);
    // Frozen at what ADS said last: DOING, same percent and files from now on.
    const [last] =
      (await w.store.get("adsProgress", "ads-7a1c0e52-train"))?.samples.slice(-1) ?? [];
    w.override("ads-7a1c0e52-train", {
      percent: last?.percent ?? 0,
      completeNum: last?.complete ?? 0,
    });
    for (let m = 25; m <= 35; m += 5) await w.round(m);
    expect(w.chat.log).toEqual([]);
    await w.round(40);
    expect(w.chat.of("root")[0]?.text).toContain("imagenet-train-sync (SenseCore ADS)");
  });
});

describe("ADS rules refuse what does not fit", () => {
  it.each([
    ["alert add fs-export-checkpoints failures > 10", "SenseCore ADS task", "failed`"],
    ["alert add imagenet-train-sync stopped", "SenseCore ADS task", "stalled &lt;duration&gt;"],
    ["alert add imagenet-train-sync failure-rate > 5%", "no failure counts", "alert add"],
    ["alert add media-sync failed", "OMS sync task", "alert add media-sync failures &gt; 10"],
  ])("%s", async (text, why, example) => {
    world ??= await startAlertWorld({ ads: true });
    const r = await world.run(text);
    expect(r.isError).toBe(true);
    expect(r.text).toContain(why);
    expect(r.text).toContain(example);
    expect(await world.store.list("rules")).toEqual([]);
  });

  it("stores OMS rules as before (no service) and ADS rules with theirs", async () => {
    world = await startAlertWorld({ ads: true });
    await world.run("alert add media-sync stalled 2h");
    await world.run("alert add imagenet-train-sync stalled 2h");
    const targets = (await world.store.list("rules")).map((r) => r.target);
    expect(targets).toEqual(
      expect.arrayContaining([
        { all: false, taskId: expect.any(String), taskName: "media-sync" },
        {
          all: false,
          taskId: "ads-7a1c0e52-train",
          taskName: "imagenet-train-sync",
          service: "ads",
        },
      ]),
    );
    const list = await world.run("alert list");
    expect(list.text).toContain("2 alerts");
  });
});

describe("ADS down", () => {
  it("changes no incident, and the channel hears once after 3 rounds without data", async () => {
    world = await startAlertWorld({ ads: true });
    const w = world;
    await w.run("alert add fs-export-checkpoints failed");
    await w.round(5);
    const firing = (await w.store.list("incidents"))[0];
    expect(firing?.state).toBe("firing");
    const posted = w.chat.log.length;
    w.sim.ads.down = true;
    w.override(EXPORT, { state: "DOING" }); // would clear it, if ADS could say so
    for (const m of [10, 15]) {
      expect((await w.round(m)).withoutData).toBe(1);
    }
    expect(w.chat.log).toHaveLength(posted);
    await w.round(20);
    const notices = w.chat.log.slice(posted);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain("no data from SenseCore ADS for 3 evaluations");
    await w.round(25);
    expect(w.chat.log).toHaveLength(posted + 1);
    expect((await w.store.list("incidents"))[0]).toEqual(firing);
  });
});
