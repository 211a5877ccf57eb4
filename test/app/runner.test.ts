/** Handler Replies through the CommandRunner, with the simulator behind the real OMS client. */
import fc from "fast-check";
import pino from "pino";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandRunner, RequestContext } from "../../src/app/context.ts";
import type { ChartPort } from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { StatsChartInput } from "../../src/core/chart-input.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import type { Reply, ReplyBlock } from "../../src/core/reply.ts";
import { OmsbotError } from "../../src/errors.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
const DAY = 86_400_000;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let sim: Simulator;
const dispatcher = new Agent();
const charts: StatsChartInput[] = [];
let chartFails = false;
const fakeCharts: ChartPort = {
  async renderStats(input) {
    charts.push(input);
    if (chartFails) throw new OmsbotError("RENDER_FAILED", "The chart could not be drawn.");
    return PNG;
  },
};
let runner: CommandRunner;

const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  userId: "U1",
  tz: "UTC",
  now: NOW,
  isAdmin: true,
  source: "command",
  ...over,
});

const allText = (r: Reply): string =>
  [
    r.text,
    ...r.blocks.map((b: ReplyBlock) => {
      switch (b.kind) {
        case "fields":
          return b.fields.map((f) => `${f.label}: ${f.value}`).join("\n");
        case "buttons":
          return b.buttons.map((x) => `${x.label} ${x.command}`).join("\n");
        case "divider":
          return "";
        default:
          return b.text;
      }
    }),
  ].join("\n");

const field = (r: Reply, label: string): string | undefined =>
  r.blocks.flatMap((b) => (b.kind === "fields" ? b.fields : [])).find((f) => f.label === label)
    ?.value;

const byName = (name: string) => {
  const t = sim.tasks.find((x) => x.name === name);
  if (!t) throw new Error(`no demo task ${name}`);
  return t;
};

beforeAll(async () => {
  sim = await startSimulator({ now: () => NOW });
  const logger = pino({ level: "silent" });
  const oms = omsClientFor(sim, {
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
    dispatcher,
    logger,
    now: () => NOW,
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    deadlineMs: 3_000,
  });
  runner = createCommandRunner({
    oms,
    charts: fakeCharts,
    tasks: new TaskDirectory(oms, 0),
    logger,
  });
});
afterAll(async () => {
  await sim.close();
  await dispatcher.close();
});

describe("help and bad input", () => {
  it("help is for the asker only and lists the commands", async () => {
    const r = await runner.run("help", ctx());
    expect(r.visibility).toBe("ephemeral");
    expect(r.text).toContain("stats &lt;task&gt;");
    expect(r.isError).toBeFalsy();
  });

  it("a typo is an ephemeral error that quotes it and shows an example", async () => {
    const r = await runner.run("stast nightly-backup", ctx());
    expect(r.visibility).toBe("ephemeral");
    expect(r.isError).toBe(true);
    expect(r.text).toContain("`stast`");
    expect(r.text).toMatch(/`stats [^`]+`/);
  });

  it("never throws, whatever is typed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
        const r = await runner.run(text, ctx());
        expect(typeof r.text).toBe("string");
        expect(r.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});

describe("list", () => {
  it("goes to the channel, grouped by status, every task named", async () => {
    const r = await runner.run("list", ctx());
    expect(r.visibility).toBe("channel");
    const text = allText(r);
    for (const t of sim.tasks) expect(text).toContain(t.name);
    expect(text.indexOf("Synchronizing")).toBeLessThan(text.indexOf("Stopped"));
    expect(r.text).toBe(`${sim.tasks.length} sync tasks: 5 synchronizing, 1 stopped.`);
  });

  it("filters by status", async () => {
    const r = await runner.run("list stopped", ctx());
    const text = allText(r);
    expect(text).toContain("datalake-migration");
    expect(text).not.toContain("nightly-backup");
  });
});

describe("task", () => {
  it("shows the card with this month's counters and a chart button", async () => {
    const t = byName("nightly-backup");
    const r = await runner.run("task NIGHTLY-backup", ctx());
    expect(r.visibility).toBe("channel");
    const text = allText(r);
    expect(text).toContain(t.info.sync_task_id);
    expect(text).toContain("logs-prod");
    expect(text).toContain("SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE");
    const shown = (await (
      await fetch(
        `${sim.url}/v2/${sim.projectId}/sync-tasks/${t.info.sync_task_id}?query_time=${NOW}`,
        { headers: { "x-auth-token": sim.credentials.tokens[0] ?? "" } },
      )
    ).json()) as { monthly_failure_object: number };
    expect(field(r, "Failed")).toBe(shown.monthly_failure_object.toLocaleString("en-US"));
    const button = r.blocks.find((b) => b.kind === "buttons");
    expect(button?.kind === "buttons" && button.buttons[0]?.command).toBe(
      `stats ${t.info.sync_task_id} last 24h`,
    );
  });

  it("resolves src→dst names too", async () => {
    const r = await runner.run("task logs-prod->logs-archive", ctx());
    expect(allText(r)).toContain("nightly-backup");
  });
});

describe("stats", () => {
  it("sends the chart and totals that match the API's series", async () => {
    charts.length = 0;
    const t = byName("nightly-backup");
    const r = await runner.run("stats nightly-backup last 24h", ctx({ tz: "Asia/Shanghai" }));
    expect(r.visibility).toBe("channel");
    expect(r.files).toHaveLength(1);
    expect(r.files[0]?.mimeType).toBe("image/png");
    expect(r.files[0]?.data).toEqual(PNG);
    // The handler counts the 5-minute interval holding the start whole.
    const start = NOW - DAY - ((NOW - DAY) % 300_000);
    const res = await fetch(
      `${sim.url}/v2/${sim.projectId}/sync-tasks/${t.info.sync_task_id}/statistics?data_type=REQUEST,FAILURE&start_time=${start}&end_time=${NOW}`,
      { headers: { "x-auth-token": sim.credentials.tokens[0] ?? "" } },
    );
    const body = (await res.json()) as {
      statistic_datas: Array<{ data_type: string; data: Array<{ statistic_num: number }> }>;
    };
    const total = (type: string) =>
      body.statistic_datas
        .find((d) => d.data_type === type)
        ?.data.reduce((a, p) => a + p.statistic_num, 0) ?? -1;
    expect(field(r, "Requested")).toBe(total("REQUEST").toLocaleString("en-US"));
    expect(field(r, "Failed")).toBe(total("FAILURE").toLocaleString("en-US"));
    expect(field(r, "Success rate")).toMatch(/^\d+(\.\d+)?%$/);
    expect(field(r, "Worst 5m for failures")).toMatch(/^\d[\d,]* at 2026-11-2\d \d\d:\d\d$/);
    // The chart gets the user's timezone and the task's name.
    expect(charts).toHaveLength(1);
    expect(charts[0]?.tz).toBe("Asia/Shanghai");
    expect(charts[0]?.title).toBe("nightly-backup");
    expect(charts[0]?.subtitle).toContain("Asia/Shanghai");
    expect(charts[0]?.range).toEqual({ start, end: NOW });
  });

  it("the Refresh button re-runs the same command", async () => {
    const r = await runner.run('stats "nightly-backup" since 09:00 types failure,request', ctx());
    const buttons = r.blocks.find((b) => b.kind === "buttons");
    const command = buttons?.kind === "buttons" ? buttons.buttons[0]?.command : undefined;
    expect(command).toBeDefined();
    const again = parseCommand(command ?? "");
    const first = parseCommand('stats "nightly-backup" since 09:00 types failure,request');
    expect(
      again.name === "stats" &&
        first.name === "stats" && { r: again.range, t: [...again.types].sort() },
    ).toEqual({
      r: first.name === "stats" ? first.range : null,
      t: ["FAILURE", "REQUEST"],
    });
  });

  it("csv attaches the raw series as well", async () => {
    const r = await runner.run("stats tencent-images last 2h csv", ctx());
    const csv = r.files.find((f) => f.mimeType === "text/csv");
    expect(csv).toBeDefined();
    const lines = new TextDecoder().decode(csv?.data).trim().split("\r\n");
    expect(lines[0]).toBe("time_utc,time_local,request,success,failure,skip,size");
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(lines.length).toBeLessThanOrEqual(25);
  });

  it("a task with no traffic says so instead of showing zeros", async () => {
    const r = await runner.run("stats reports-dr last 6h", ctx());
    expect(r.text).toContain("no data in this range");
    expect(r.files).toHaveLength(1);
  });

  it("an unknown task lists the closest names", async () => {
    const r = await runner.run("stats nightly-bakup last 6h", ctx());
    expect(r.isError).toBe(true);
    expect(r.visibility).toBe("ephemeral");
    expect(r.text).toContain("nightly-backup");
  });

  it("a range in the future is refused with the reason", async () => {
    const r = await runner.run(
      "stats nightly-backup from 2027-01-01 08:00 to 2027-01-02 08:00",
      ctx(),
    );
    expect(r.isError).toBe(true);
    expect(r.text.toLowerCase()).toContain("future");
  });

  it("when the chart fails the totals still arrive, with a note", async () => {
    chartFails = true;
    try {
      const r = await runner.run("stats nightly-backup last 6h", ctx());
      expect(r.isError).toBeFalsy();
      expect(r.files).toHaveLength(0);
      expect(field(r, "Requested")).toMatch(/^\d/);
      expect(allText(r)).toContain("The chart could not be drawn (RENDER_FAILED)");
    } finally {
      chartFails = false;
    }
  });

  it("OMS being down is an error reply with a reference, not an exception", async () => {
    sim.setFaults({ errorRate: 1 });
    try {
      const r = await runner.run("stats nightly-backup last 6h", ctx());
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/not available right now.*\(ref `[0-9a-f]{8}`\)/);
    } finally {
      sim.setFaults({});
    }
  });
});

describe("state-changing commands", () => {
  it("are refused to non-admins when BOT_ADMINS is set", async () => {
    const r = await runner.run("alert add nightly-backup failures > 10", ctx({ isAdmin: false }));
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Only the bot's admins");
  });
});

describe("home", () => {
  it("lists every task with its 24h success rate", async () => {
    const blocks = await runner.home(ctx());
    const text = blocks
      .map((b) => (b.kind === "section" || b.kind === "header" ? b.text : ""))
      .join("\n");
    for (const t of sim.tasks) expect(text).toContain(t.name);
    expect(text).toMatch(/\d+(\.\d+)?% success \(24h\)/);
    expect(text).toContain("no traffic (24h)");
  });
});
