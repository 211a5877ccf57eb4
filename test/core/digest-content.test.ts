import { describe, expect, it } from "vitest";
import type { DigestSpec, Incident } from "../../src/core/alert-model.ts";
import { buildDigest, type DigestStats } from "../../src/core/digest-content.ts";
import { changeText } from "../../src/core/digest-totals.ts";
import type { DataType, StatPoint, SyncTask, TaskStatistics } from "../../src/core/domain.ts";
import type { ReplyBlock } from "../../src/core/reply.ts";
import { H, task } from "./alert-fixtures.ts";

/** 09:00 Berlin on 2026-11-30; the digest's 24 h end here. */
const NOW = Date.UTC(2026, 10, 30, 8, 0);
const GiB = 1024 ** 3;

const spec = (over: Partial<DigestSpec> = {}): DigestSpec => ({
  id: "d1",
  channelId: "C1",
  hour: 9,
  minute: 0,
  tz: "Europe/Berlin",
  tasks: { all: true },
  createdBy: "U1",
  createdAt: NOW - 30 * 24 * H,
  ...over,
});

type Day = Partial<Record<DataType, number>>;
/** One point per type in each 24 h window: `cur` 1 h before NOW, `prev` 25 h before. */
function dayStats(taskId: string, cur: Day, prev: Day): TaskStatistics {
  const series: Partial<Record<DataType, StatPoint[]>> = {};
  for (const type of ["REQUEST", "SUCCESS", "FAILURE", "SKIP", "SIZE"] as const) {
    series[type] = [
      { t: NOW - 25 * H, v: prev[type] ?? 0 },
      { t: NOW - H, v: cur[type] ?? 0 },
    ];
  }
  return { taskId, granularity: "FIVE_MINUTES", start: NOW - 48 * H, end: NOW, series };
}

const texts = (blocks: ReplyBlock[]) =>
  blocks.flatMap((b) =>
    b.kind === "section" || b.kind === "context"
      ? [b.text]
      : b.kind === "fields"
        ? b.fields.map((f) => `${f.label}: ${f.value}`)
        : [],
  );

describe("buildDigest: three tasks, one without statistics", () => {
  const tasks: SyncTask[] = [
    task({ id: "a", description: "alpha <!channel> *bold*" }),
    task({ id: "b", description: "beta" }),
    task({ id: "c", description: "gamma", status: "STOPPED" }),
  ];
  const stats = new Map<string, DigestStats>([
    [
      "a",
      dayStats(
        "a",
        { REQUEST: 120, SUCCESS: 100, FAILURE: 20, SKIP: 0, SIZE: 2 * GiB },
        { REQUEST: 100, SUCCESS: 100, SIZE: GiB },
      ),
    ],
    [
      "b",
      dayStats("b", { REQUEST: 50, SUCCESS: 50, SKIP: 3 }, { REQUEST: 100, SUCCESS: 100, SKIP: 3 }),
    ],
    ["c", "unavailable"],
  ]);
  const incident = (id: string, taskId: string, state: Incident["state"]) =>
    ({ id, taskId, state }) as Incident;
  const d = buildDigest({
    spec: spec(),
    tasks,
    stats,
    openIncidents: [incident("i1", "a", "firing"), incident("i2", "b", "resolved")],
    now: NOW,
    slot: { dateKey: "2026-11-30", scheduledAt: NOW, late: false },
  });
  const lines = texts(d.message.blocks);
  const all = lines.join("\n");

  it("a line per task, worst first, each number with its change", () => {
    const taskLines = all.split("\n").filter((l) => l.startsWith("• "));
    expect(taskLines).toHaveLength(3);
    expect(taskLines[0]).toBe(
      "• *alpha &lt;!channel&gt; ∗bold∗* · SYNCHRONIZING · requested 120 (+20%) · succeeded 100 (±0%) · failed 20 (new) · skipped 0 (±0%) · 2.00 GiB (+100%) · 83.3% success · :rotating_light: 1 open incident",
    );
    expect(taskLines[1]).toBe(
      "• *beta* · SYNCHRONIZING · requested 50 (-50%) · succeeded 50 (-50%) · failed 0 (±0%) · skipped 3 (±0%) · 0 B (±0%) · 100.0% success",
    );
    expect(taskLines[2]).toBe("• *gamma* · STOPPED · _statistics unavailable_");
  });

  it("totals over the tasks with statistics, and says which are left out", () => {
    expect(lines).toContain("Requested: 170 (-15%)");
    expect(lines).toContain("Failed: 20 (new)");
    expect(lines).toContain("Success rate: 88.2% (was 100.0%)");
    expect(lines).toContain("Open incidents: 1");
    expect(all).toMatch(/Statistics unavailable for 1 task: the totals leave it out/);
    expect(d.message.text).toBe(
      "OMS daily digest 2026-11-30: 3 tasks · 20 failed in 24 h · 1 open incident",
    );
  });

  it("dates are Slack date tokens with a Berlin fallback", () => {
    expect(all).toContain(
      "<!date^1796025600^{date_short_pretty} {time}|2026-11-30 09:00 Europe/Berlin>",
    );
    expect(all).not.toMatch(/Late/);
  });

  it("the chart: a row per task over the last 24 h only, the unavailable one marked", () => {
    expect(d.chart).toMatchObject({
      title: "OMS daily digest · 2026-11-30",
      tz: "Europe/Berlin",
      range: { start: NOW - 24 * H, end: NOW },
      more: 0,
    });
    expect(d.chart?.rows.map((r) => [r.name, r.unavailable, r.failed])).toEqual([
      ["alpha <!channel> *bold*", false, 20],
      ["beta", false, 0],
      ["gamma", true, undefined],
    ]);
    expect(d.chart?.rows[0]?.series.FAILURE).toEqual([{ t: NOW - H, v: 20 }]);
  });
});

describe("buildDigest: 60 tasks", () => {
  const tasks = Array.from({ length: 60 }, (_, i) =>
    task({ id: `t${i}`, description: `task-${String(i).padStart(2, "0")}` }),
  );
  const stats = new Map<string, DigestStats>(
    tasks.map((t, i) => [t.id, dayStats(t.id, { REQUEST: 100, SUCCESS: 100 - i, FAILURE: i }, {})]),
  );
  const d = buildDigest({ spec: spec(), tasks, stats, openIncidents: [], now: NOW });
  const all = texts(d.message.blocks).join("\n");

  it("lists the 20 with the most failures and how many more", () => {
    const names = [...all.matchAll(/^• \*(task-\d\d)\*/gm)].map((m) => m[1]);
    expect(names).toEqual(Array.from({ length: 20 }, (_, k) => `task-${59 - k}`));
    expect(all).toContain(
      "…and 40 more tasks (the 20 above have the most failures; the totals count all 60).",
    );
    expect(all).toContain("Failed: 1,770 (new)");
  });

  it("draws the same 20, and says so", () => {
    expect(d.chart?.rows).toHaveLength(20);
    expect(d.chart?.more).toBe(40);
    expect(d.chart?.rows[0]?.name).toBe("task-59");
    expect(d.chart?.subtitle).toBe(
      "last 24 h to 2026-11-30 09:00 (Europe/Berlin) · 20 of 60 tasks",
    );
  });
});

describe("buildDigest: edges", () => {
  it("50 tasks are all listed, in sections Slack accepts", () => {
    const long = "x".repeat(150);
    const tasks = Array.from({ length: 50 }, (_, i) =>
      task({ id: `t${i}`, description: `${long}${i}` }),
    );
    const stats = new Map<string, DigestStats>(
      tasks.map((t) => [t.id, dayStats(t.id, { REQUEST: 1 }, {})]),
    );
    const d = buildDigest({ spec: spec(), tasks, stats, openIncidents: [], now: NOW });
    const sections = d.message.blocks.flatMap((b) => (b.kind === "section" ? [b.text] : []));
    expect(sections.every((s) => s.length <= 3000)).toBe(true);
    expect(
      sections
        .join("\n")
        .split("\n")
        .filter((l) => l.startsWith("• ")),
    ).toHaveLength(50);
    expect(d.chart?.more).toBe(0);
  });

  it("a listed task that is gone is named; a late digest says so", () => {
    const d = buildDigest({
      spec: spec({ tasks: { all: false, taskIds: ["a", "zz"] } }),
      tasks: [task({ id: "a" }), task({ id: "b" })],
      stats: new Map(),
      openIncidents: [],
      now: NOW + 2 * H,
      slot: { dateKey: "2026-11-30", scheduledAt: NOW, late: true },
    });
    expect(d.missingTaskIds).toEqual(["zz"]);
    const all = texts(d.message.blocks).join("\n");
    expect(all).toMatch(/Not found any more: `zz`/);
    expect(all).toMatch(/Late: due at 09:00 Europe\/Berlin .*posted at/);
    expect(d.chart?.rows.map((r) => r.taskId)).toEqual(["a"]);
  });

  it("no tasks: a message that says so, and no chart", () => {
    const d = buildDigest({
      spec: spec(),
      tasks: [],
      stats: new Map(),
      openIncidents: [],
      now: NOW,
    });
    expect(d.chart).toBeUndefined();
    expect(texts(d.message.blocks)).toContain("No tasks to report on.");
  });
});

describe("changeText", () => {
  it.each([
    [0, 0, "±0%"],
    [5, 0, "new"],
    [120, 100, "+20%"],
    [50, 100, "-50%"],
    [0, 100, "-100%"],
    [1004, 1000, "±0%"],
  ])("%d against %d → %s", (cur, prev, expected) => {
    expect(changeText(cur, prev)).toBe(expected);
  });
});
