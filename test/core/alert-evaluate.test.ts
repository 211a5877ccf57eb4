import { describe, expect, it } from "vitest";
import { evaluateRule, MIN_RATE_ATTEMPTS, windowFor } from "../../src/core/alert-evaluate.ts";
import { planEvaluation } from "../../src/core/alert-plan.ts";
import type { AlertCondition } from "../../src/core/command.ts";
import { H, M, M5, NOW, rule, stats, task } from "./alert-fixtures.ts";

const failures = (threshold: number, windowMs = 15 * M): AlertCondition => ({
  kind: "failures",
  threshold,
  windowMs,
});
const rate = (percent: number, windowMs = 15 * M): AlertCondition => ({
  kind: "failure-rate",
  percent,
  windowMs,
});

describe("failures > N in <window>", () => {
  // Keys: minutes before NOW at which an interval starts; the 15m window is [11:45, 12:00).
  it.each([
    ["above the threshold", { 5: 4, 10: 4, 15: 3 }, NOW, true, 11],
    ["equal is not above", { 5: 4, 10: 4, 15: 2 }, NOW, false, 10],
    ["an interval before the window does not count", { 20: 100, 5: 1 }, NOW, false, 1],
    ["missing points are zeros", {}, NOW, false, 0],
    ["a partly covered oldest interval counts", { 15: 11 }, NOW + 2 * M, true, 11],
    ["an interval ending at the window's start does not", { 15: 11 }, NOW + 5 * M, false, 0],
  ])("%s", (_name, failed, now, breached, value) => {
    const ev = evaluateRule(rule(failures(10)), task(), stats({ FAILURE: failed }), now);
    expect(ev).toMatchObject({ breached, value, threshold: 10 });
  });

  it("says since when: the first failing interval in the window", () => {
    const ev = evaluateRule(rule(failures(2)), task(), stats({ FAILURE: { 10: 2, 5: 2 } }), NOW);
    expect(ev?.since).toBe(NOW - 10 * M);
    expect(ev?.summary).toBe("4 failed in the last 15m (alert above 2)");
  });

  it("a series the API left out counts as no failures", () => {
    const ev = evaluateRule(rule(failures(0)), task(), stats({ REQUEST: { 5: 9 } }), NOW);
    expect(ev).toMatchObject({ breached: false, value: 0 });
  });

  it("no statistics is no evaluation", () => {
    expect(evaluateRule(rule(failures(0)), task(), undefined, NOW)).toBeUndefined();
  });
});

describe("failure-rate > P% in <window>", () => {
  it.each([
    ["above", { 5: 30, 10: 30, 15: 30 }, { 5: 6 }, true, 6.25],
    ["exactly P is not above", { 5: 95 }, { 5: 5 }, false, 5],
    [`at ${MIN_RATE_ATTEMPTS} finished objects it judges`, { 5: 10 }, { 5: 10 }, true, 50],
    ["one of one is too little traffic", {}, { 5: 1 }, false, 100],
    ["19 finished is too little traffic", { 5: 10 }, { 5: 9 }, false, (9 / 19) * 100],
    ["nothing finished", {}, {}, false, 0],
  ])("%s", (_name, ok, failed, breached, value) => {
    const ev = evaluateRule(rule(rate(5)), task(), stats({ SUCCESS: ok, FAILURE: failed }), NOW);
    expect(ev?.breached).toBe(breached);
    expect(ev?.value).toBeCloseTo(value, 10);
    expect(ev?.threshold).toBe(5);
  });

  it("says when the traffic is too little to judge", () => {
    const ev = evaluateRule(rule(rate(5)), task(), stats({ FAILURE: { 5: 3 } }), NOW);
    expect(ev?.summary).toMatch(/too little traffic.*3 objects.*needs 20/);
  });

  it("skipped objects are neither success nor failure", () => {
    const s = stats({ SUCCESS: { 5: 18 }, FAILURE: { 5: 2 }, SKIP: { 5: 1000 } });
    expect(evaluateRule(rule(rate(5)), task(), s, NOW)).toMatchObject({
      breached: true,
      value: 10,
    });
  });
});

describe("stopped", () => {
  it.each([
    ["STOPPED", true],
    ["SYNCHRONIZING", false],
    ["PAUSED", false],
    ["stopped", false],
  ])("status %s → breached %s", (status, breached) => {
    // The task list is enough: no statistics needed, even when OMS statistics are down.
    const ev = evaluateRule(rule({ kind: "stopped" }), task({ status }), undefined, NOW);
    expect(ev?.breached).toBe(breached);
  });

  it("an unknown status from the API is shown escaped", () => {
    const ev = evaluateRule(
      rule({ kind: "stopped" }),
      task({ status: "<!channel>" }),
      undefined,
      NOW,
    );
    expect(ev?.summary).toBe("the task is &lt;!channel&gt;");
  });
});

describe("stalled <duration>", () => {
  const stalled: AlertCondition = { kind: "stalled", durationMs: H };
  it.each([
    ["no activity for longer", "SYNCHRONIZING", { REQUEST: { 70: 5 } }, true],
    ["activity ending at the window's start", "SYNCHRONIZING", { SUCCESS: { 65: 5 } }, true],
    ["activity in the window's first interval", "SYNCHRONIZING", { REQUEST: { 60: 1 } }, false],
    ["a success in the window", "SYNCHRONIZING", { SUCCESS: { 5: 1 } }, false],
    ["failures alone are no progress", "SYNCHRONIZING", { FAILURE: { 5: 9 }, REQUEST: {} }, true],
    ["no points at all", "SYNCHRONIZING", {}, true],
    ["a stopped task is not stalled", "STOPPED", {}, false],
    ["an unknown status is not stalled", "PAUSED", {}, false],
  ])("%s", (_name, status, values, breached) => {
    const ev = evaluateRule(rule(stalled), task({ status }), stats(values), NOW);
    expect(ev?.breached).toBe(breached);
  });

  it("counts idle time from the end of the last active interval", () => {
    const ev = evaluateRule(rule(stalled), task(), stats({ REQUEST: { 70: 5 } }), NOW);
    expect(ev).toMatchObject({ value: 65 * M, threshold: H, since: NOW - 65 * M });
    expect(ev?.summary).toBe("no requests and no successes for 1h5m (alert after 1h)");
  });

  it("idle since before the fetched data: at least that long", () => {
    const ev = evaluateRule(rule(stalled), task(), stats({}, { span: 2 * H }), NOW);
    expect(ev?.summary).toBe("no requests and no successes for at least 2h (alert after 1h)");
  });

  it("a task started within the duration has not stalled yet", () => {
    const t = task({ lastStartTime: NOW - 30 * M });
    const ev = evaluateRule(rule(stalled), t, stats({}), NOW);
    expect(ev).toMatchObject({ breached: false, value: 30 * M });
    expect(ev?.summary).toMatch(/^started 30m ago/);
  });

  it("a task never started counts from its creation", () => {
    const ev = evaluateRule(
      rule(stalled),
      task({ lastStartTime: null, createTime: NOW - 20 * M }),
      stats({}),
      NOW,
    );
    expect(ev?.breached).toBe(false);
  });

  it("no statistics is no evaluation", () => {
    expect(evaluateRule(rule(stalled), task(), undefined, NOW)).toBeUndefined();
  });
});

describe("windowFor", () => {
  it.each([
    [
      [failures(1), rate(5, 30 * M), { kind: "stopped" }, { kind: "stalled", durationMs: 2 * H }],
      2 * H,
    ],
    [[failures(1, 45 * M), rate(5, 30 * M)], 45 * M],
    [[{ kind: "stopped" }], 0],
    [[], 0],
  ] as [AlertCondition[], number][])("%j → %d", (conditions, expected) => {
    expect(windowFor(conditions.map((c) => rule(c)))).toBe(expected);
  });
});

describe("planEvaluation", () => {
  const tasks = [
    task({ id: "t-1" }),
    task({ id: "t-2" }),
    task({ id: "t-3", createTime: NOW - M }),
  ];

  it("`all` covers every task, also one created since; a vanished task is reported", () => {
    const rules = [
      rule(failures(1), { id: "all", target: { all: true } }),
      rule(
        { kind: "stopped" },
        { id: "one", target: { all: false, taskId: "t-2", taskName: "b" } },
      ),
      rule(failures(1), { id: "gone", target: { all: false, taskId: "t-9", taskName: "old" } }),
    ];
    const plan = planEvaluation(rules, tasks, NOW);
    expect(plan.pairs.map((p) => `${p.rule.id}:${p.task.id}`)).toEqual([
      "all:t-1",
      "all:t-2",
      "all:t-3",
      "one:t-2",
    ]);
    expect(plan.orphans).toEqual([{ rule: rules[2], taskId: "t-9", taskName: "old" }]);
    expect(plan.fetches.map((f) => f.taskId)).toEqual(["t-1", "t-2", "t-3"]);
  });

  it("leaves `alert add exports` rules out: they are about CDN, not OMS tasks", () => {
    const exportsRule = rule({ kind: "export-finished" }, { id: "x", target: { all: true } });
    const plan = planEvaluation([exportsRule, rule(failures(1), { id: "f" })], tasks, NOW);
    expect(plan.pairs.map((p) => p.rule.id)).not.toContain("x");
    expect(plan.pairs.length).toBeGreaterThan(0);
    expect(plan.orphans).toEqual([]);
    expect(planEvaluation([exportsRule], tasks, NOW)).toEqual({
      pairs: [],
      fetches: [],
      orphans: [],
    });
  });

  it("one statistics call per task covers its longest rule, and at least the chart's 2 h", () => {
    const on1 = { all: false as const, taskId: "t-1", taskName: "a" };
    const rules = [
      rule(failures(1), { target: on1 }),
      rule({ kind: "stalled", durationMs: 6 * H }, { target: on1 }),
      rule(rate(5), { target: { all: true } }),
    ];
    const plan = planEvaluation(rules, tasks, NOW + 2 * M);
    const byTask = Object.fromEntries(plan.fetches.map((f) => [f.taskId, f.range]));
    expect(plan.fetches).toHaveLength(3);
    expect(byTask["t-1"]).toEqual({ start: NOW - 6 * H, end: NOW + 2 * M });
    // 2h back from 12:02 is 10:02; the start goes down to 10:00 so that interval comes back too.
    expect(byTask["t-2"]).toEqual({ start: NOW - 2 * H, end: NOW + 2 * M });
    expect(plan.fetches.every((f) => f.range.start % M5 === 0)).toBe(true);
  });

  it("`stopped` alone needs the task list only", () => {
    const plan = planEvaluation([rule({ kind: "stopped" }, { target: { all: true } })], tasks, NOW);
    expect(plan.fetches).toEqual([]);
    expect(plan.pairs).toHaveLength(3);
  });
});
