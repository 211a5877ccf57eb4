/**
 * `exports [<name>]` on the real CDN and OMS clients against the simulator (auth checked there):
 * order, the asker's timezone, links, closest names, CDN off or down while OMS keeps working.
 */
import pino from "pino";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/app/context.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { downloadLink } from "../../src/app/exports/export-text.ts";
import { exportsHandler } from "../../src/app/handlers/exports.ts";
import { listHandler } from "../../src/app/handlers/list.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { Reply } from "../../src/core/reply.ts";
import { formatZoned } from "../../src/core/zoned-time.ts";
import { OmsbotError } from "../../src/errors.ts";
import { cdnClientFor } from "../../src/simulator/cdn-client.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import { type SimulatorOptions, startSimulator } from "../../src/simulator/server.ts";
import { mrkdwnTexts } from "./sim-runner.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
const MIN = 60_000;
const HOUR = 60 * MIN;
const logger = pino({ level: "silent" });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function world(opts: SimulatorOptions = {}, withCdn = true) {
  const sim = await startSimulator({ now: () => NOW, ...opts });
  const dispatcher = new Agent();
  closers.push(
    () => sim.close(),
    () => dispatcher.close(),
  );
  const common = {
    dispatcher,
    logger,
    now: () => NOW,
    sleep: async () => {},
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    deadlineMs: 5_000,
  };
  const oms = omsClientFor(sim, {
    ...common,
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
  });
  const cdn = cdnClientFor(sim, { ...common, signingNow: () => new Date(NOW) });
  const deps: AppDeps = {
    oms,
    charts: { renderStats: async () => new Uint8Array() },
    tasks: new TaskDirectory(oms, 0),
    logger,
    ...(withCdn ? { cdn } : {}),
  };
  return { sim, deps };
}

const ctx = (tz = "UTC"): RequestContext => ({
  userId: "U1",
  tz,
  now: NOW,
  isAdmin: true,
  source: "command",
});

const all = (r: Reply) => mrkdwnTexts(r).join("\n");

async function refusal(p: Promise<unknown>): Promise<OmsbotError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(OmsbotError);
    return e as OmsbotError;
  }
  throw new Error("expected a refusal");
}

describe("exports", () => {
  it("lists the tasks newest first with status, both times in the asker's zone and links", async () => {
    const { deps } = await world();
    const r = await exportsHandler({ name: "exports" }, ctx("Asia/Shanghai"), deps);
    expect(r.visibility).toBe("channel");
    const text = all(r);
    const order = [
      "requests-daily",
      "top-urls",
      "traffic-monthly",
      "bandwidth-weekly",
      "149751000000",
    ];
    const at = order.map((n) => text.indexOf(n));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // traffic-monthly: created 3 h ago, finished 4 minutes later, shown in Shanghai time.
    const line = text.split("\n").find((l) => l.includes("traffic-monthly")) ?? "";
    expect(line).toContain(`created ${formatZoned(NOW - 3 * HOUR, "Asia/Shanghai")}`);
    expect(line).toContain(`updated ${formatZoned(NOW - 3 * HOUR + 4 * MIN, "Asia/Shanghai")}`);
    expect(formatZoned(NOW, "Asia/Shanghai")).not.toBe(formatZoned(NOW, "UTC"));
    expect(line).toMatch(
      /<https:\/\/cdn-export\.example\.com\/statistics\/[0-9a-f]+\.zip\|download>/,
    );
    expect(line).toContain("success");
    const failed = text.split("\n").find((l) => l.includes("bandwidth-weekly")) ?? "";
    expect(failed).toContain("failed");
    expect(failed).not.toContain("download");
    const running = text.split("\n").find((l) => l.includes("top-urls")) ?? "";
    expect(running).toContain("processing");
    expect(running).not.toContain("download");
    expect(text).toContain("Asia/Shanghai");
  });

  it("shows only the tasks of one name, the numeric one too, case-insensitively", async () => {
    const { deps } = await world();
    const r = await exportsHandler({ name: "exports", taskName: "149751000000" }, ctx(), deps);
    expect(all(r)).toContain("149751000000");
    expect(all(r)).not.toContain("traffic-monthly");
    const upper = await exportsHandler(
      { name: "exports", taskName: "TRAFFIC-MONTHLY" },
      ctx(),
      deps,
    );
    expect(all(upper)).toContain("traffic-monthly");
  });

  it("answers an unknown name with the closest names", async () => {
    const { deps } = await world();
    const e = await refusal(
      exportsHandler({ name: "exports", taskName: "trafic-montly" }, ctx(), deps),
    );
    expect(e.code).toBe("TASK_NOT_FOUND");
    expect(e.userMessage).toContain("`traffic-monthly`");
    expect(e.userMessage).not.toContain("bandwidth-weekly");
  });

  it("makes names and links from CDN inert in mrkdwn", async () => {
    const { deps } = await world({
      cdn: {
        extraTasks: [
          {
            task_id: "f00d",
            task_name: "<!channel> *bold* `x`",
            create_time: NOW - MIN,
            finishAt: NOW - MIN,
            outcome: "fail",
          },
        ],
      },
    });
    const text = all(await exportsHandler({ name: "exports" }, ctx(), deps));
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("*bold*");
    expect(text).toContain("&lt;!channel&gt;");
  });

  it("says which settings turn CDN on when it is not configured", async () => {
    const { deps } = await world({}, false);
    const r = await exportsHandler({ name: "exports" }, ctx(), deps);
    expect(r.visibility).toBe("ephemeral");
    for (const setting of ["CDN_DOMAIN_ID", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"]) {
      expect(r.text).toContain(setting);
    }
  });

  it("says CDN is unavailable when it is down, while OMS commands keep working", async () => {
    const { sim, deps } = await world();
    sim.cdn.setFaults({ errorRate: 1 });
    const e = await refusal(exportsHandler({ name: "exports" }, ctx(), deps));
    expect(e.code).toBe("API_UNAVAILABLE");
    expect(e.userMessage).toContain("CDN is not available right now");
    const list = await listHandler({ name: "list" }, ctx(), deps);
    expect(list.text).toMatch(/^\d+ sync tasks/);
    expect(sim.requestCount({ path: "/sync-tasks", status: 200 })).toBeGreaterThan(0);
  });
});

describe("downloadLink", () => {
  it("keeps a link one link, whatever it holds", () => {
    expect(downloadLink("https://x.example/a.zip?a=1&b=2")).toBe(
      "<https://x.example/a.zip?a=1&amp;b=2|download>",
    );
    expect(downloadLink("https://x.example/a|b>c<d e")).toBe(
      "<https://x.example/a%7Cb%3Ec%3Cd%20e|download>",
    );
    expect(downloadLink("javascript:alert(1)")).toBeUndefined();
    expect(downloadLink("not a url")).toBeUndefined();
    expect(downloadLink(undefined)).toBeUndefined();
  });
});
