import { describe, expect, it } from "vitest";
import type { Evaluation } from "../../src/core/alert-evaluate.ts";
import type { Incident, Mute } from "../../src/core/alert-model.ts";
import {
  ack,
  activeMute,
  healOpening,
  type IncidentEffect,
  mute,
  rootGone,
  rootRecorded,
  type StepInput,
  step,
  unmute,
} from "../../src/core/incident-machine.ts";
import { trackHealth } from "../../src/core/rule-health.ts";
import { H, M, NOW, rule } from "./alert-fixtures.ts";

const R = rule({ kind: "failures", threshold: 10, windowMs: 15 * M }, { repeatMs: H });
const breach = (value: number): Evaluation => ({
  breached: true,
  value,
  threshold: 10,
  summary: `${value} failed`,
});
const clear = (value = 0): Evaluation => ({ breached: false, value, threshold: 10, summary: "ok" });
const input = (evaluation: Evaluation | undefined, over: Partial<StepInput> = {}): StepInput => ({
  rule: R,
  task: { id: "t-1", name: "nightly-backup" },
  evaluation,
  newId: "inc-1",
  ...over,
});
const kinds = (effects: IncidentEffect[]) => effects.map((e) => e.kind);

/** Opens an incident at `at` and records its root, as the app does after posting it. */
function firing(at = NOW): Incident {
  const { next } = step(undefined, input(breach(11)), at);
  if (!next) throw new Error("did not open");
  return rootRecorded(next, "1.0001");
}

describe("step: the life of one incident", () => {
  it("fires, reminds only after the repeat interval, rides out a dip, resolves, fires anew", () => {
    const t = (min: number) => NOW + min * M;
    const opened = step(undefined, input(breach(11)), t(0));
    expect(opened.next).toMatchObject({ id: "inc-1", state: "opening", value: 11, since: t(0) });
    expect(kinds(opened.effects)).toEqual(["post-root", "upload-chart"]);
    expect(opened.effects[1]).toMatchObject({
      range: { start: t(-120), end: t(0) },
      threshold: 10,
    });

    let inc = rootRecorded(opened.next as Incident, "1.0001");
    expect(inc).toMatchObject({ state: "firing", rootTs: "1.0001" });

    const seq: Array<[number, Evaluation, string[], Incident["state"]]> = [
      [5, breach(12), [], "firing"], // within the repeat interval: silence
      [55, breach(30), [], "firing"], // a changed value still waits for the interval
      [60, breach(15), ["thread-reply"], "firing"], // the interval passed
      [65, clear(), [], "firing"], // one dip does not resolve
      [70, breach(15), [], "firing"], // and the streak starts over
      [75, clear(), [], "firing"],
      [80, clear(), ["thread-reply", "update-root"], "resolved"],
    ];
    for (const [min, ev, effects, state] of seq) {
      const r = step(inc, input(ev), t(min));
      expect(kinds(r.effects), `at +${min}m`).toEqual(effects);
      inc = r.next as Incident;
      expect(inc.state, `at +${min}m`).toBe(state);
    }
    expect(inc).toMatchObject({ resolvedAt: t(80), lastToldValue: 15, lastToldAt: t(60) });

    const again = step(inc, input(breach(40), { newId: "inc-2" }), t(85));
    expect(again.next).toMatchObject({ id: "inc-2", state: "opening", openedAt: t(85) });
    expect(kinds(again.effects)).toEqual(["post-root", "upload-chart"]);
  });

  it("the reminder carries the value told before; an unchanged value is a reminder too", () => {
    const inc = firing();
    const changed = step(inc, input(breach(25)), NOW + H);
    expect(changed.effects[0]).toMatchObject({
      reply: { kind: "still-firing", value: 25, previous: 11 },
    });
    const same = step(changed.next, input(breach(25)), NOW + 2 * H);
    expect(same.effects[0]).toMatchObject({ reply: { value: 25, previous: 25 } });
    // Not again until another full interval after the last reminder.
    expect(step(same.next, input(breach(99)), NOW + 2 * H + 59 * M).effects).toEqual([]);
  });

  it("the resolution says how long it lasted", () => {
    const one = step(firing(), input(clear()), NOW + 90 * M).next;
    const r = step(one, input(clear()), NOW + 95 * M);
    expect(r.effects[0]).toMatchObject({ reply: { kind: "resolved", lastedMs: 95 * M } });
  });

  it("no incident and no breach: nothing to store", () => {
    expect(step(undefined, input(clear()), NOW)).toEqual({ next: undefined, effects: [] });
  });

  it("before its root is known, an incident posts nothing in a thread it does not have", () => {
    const { next } = step(undefined, input(breach(11)), NOW);
    expect(step(next, input(breach(20)), NOW + 2 * H).effects).toEqual([]);
  });
});

describe("no data", () => {
  it("neither opens nor resolves", () => {
    expect(step(undefined, input(undefined), NOW)).toEqual({ next: undefined, effects: [] });
    let inc = step(firing(), input(clear()), NOW + 5 * M).next as Incident;
    for (let i = 1; i <= 5; i++) {
      const r = step(inc, input(undefined), NOW + (5 + i * 5) * M);
      expect(r).toEqual({ next: inc, effects: [] });
      inc = r.next as Incident;
    }
    expect(inc.state).toBe("firing");
  });

  it("one notice after 3 failed evaluations in a row, again only after data came back", () => {
    let health = undefined as Parameters<typeof trackHealth>[0];
    const notices: string[] = [];
    const pattern = [
      false,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
      false,
    ];
    pattern.forEach((hadData, i) => {
      const r = trackHealth(
        health,
        { rule: R, hadData, missingTasks: ["nightly-backup"] },
        NOW + i * 5 * M,
      );
      health = r.next;
      for (const e of r.effects) notices.push(`${i}:${e.kind}`);
    });
    expect(notices).toEqual(["2:notice-no-data", "5:notice-data-back", "11:notice-no-data"]);
    expect(health).toMatchObject({ failuresInARow: 3, lastDataAt: NOW + 8 * 5 * M });
  });

  it("the notice names the rule's channel, the tasks and the last data", () => {
    let h = trackHealth(undefined, { rule: R, hadData: true }, NOW).next;
    let effects: ReturnType<typeof trackHealth>["effects"] = [];
    for (let i = 1; i <= 3; i++) {
      ({ next: h, effects } = trackHealth(
        h,
        { rule: R, hadData: false, missingTasks: ["a"] },
        NOW + i * M,
      ));
    }
    expect(effects).toEqual([
      {
        kind: "notice-no-data",
        ruleId: "r-1",
        channelId: "C1",
        failuresInARow: 3,
        lastDataAt: NOW,
        tasks: ["a"],
      },
    ]);
  });
});

describe("ack", () => {
  it("shows who and when on the root, stops reminders, resolution still comes", () => {
    const a = ack(firing(), "U9", NOW + M);
    expect(a.next?.ackedBy).toEqual({ userId: "U9", at: NOW + M });
    expect(kinds(a.effects)).toEqual(["update-root"]);
    const later = step(a.next, input(breach(50)), NOW + 3 * H);
    expect(later.effects).toEqual([]);
    const c1 = step(later.next, input(clear()), NOW + 3 * H + 5 * M);
    const c2 = step(c1.next, input(clear()), NOW + 3 * H + 10 * M);
    expect(kinds(c2.effects)).toEqual(["thread-reply", "update-root"]);
  });

  it("a second click keeps the first ack and changes nothing", () => {
    const first = ack(firing(), "U9", NOW + M).next as Incident;
    expect(ack(first, "U7", NOW + 2 * M)).toEqual({ next: first, effects: [] });
  });

  it("a resolved incident is not acknowledged", () => {
    const inc = { ...firing(), state: "resolved" as const };
    expect(ack(inc, "U9", NOW)).toEqual({ next: inc, effects: [] });
  });
});

describe("mute", () => {
  it("blocks a new incident for the rule and task until it ends", () => {
    const m = mute(firing(), "U9", NOW + M);
    expect(m.mute).toEqual({
      id: "r-1:t-1",
      ruleId: "r-1",
      taskId: "t-1",
      until: NOW + M + H,
      by: "U9",
    });
    expect(m.next).toMatchObject({ mutedUntil: NOW + M + H, mutedBy: "U9" });
    expect(kinds(m.effects)).toEqual(["update-root"]);
    const c1 = step(m.next, input(clear(), { mute: m.mute }), NOW + 5 * M);
    const c2 = step(c1.next, input(clear(), { mute: m.mute }), NOW + 10 * M);
    expect(c2.next?.state).toBe("resolved");
    const blocked = step(
      c2.next,
      input(breach(99), { mute: m.mute, newId: "inc-2" }),
      NOW + 30 * M,
    );
    expect(blocked).toEqual({ next: undefined, effects: [] });
    const after = step(c2.next, input(breach(99), { mute: m.mute, newId: "inc-3" }), NOW + M + H);
    expect(after.next).toMatchObject({ id: "inc-3", state: "opening" });
  });

  it("no reminders while muted; when the mute runs out the root gets its button back", () => {
    const m = mute(firing(), "U9", NOW, 2 * H);
    expect(step(m.next, input(breach(20), { mute: m.mute }), NOW + H).effects).toEqual([]);
    const out = step(m.next, input(breach(20)), NOW + 2 * H);
    expect(kinds(out.effects)).toEqual(["thread-reply", "update-root"]);
    expect(out.next?.mutedUntil).toBeUndefined();
  });

  it("a mute stored by `alert mute` reaches the open incident's root", () => {
    const stored: Mute = { id: "r-1:*", ruleId: "r-1", taskId: "*", until: NOW + 3 * H, by: "U2" };
    const r = step(firing(), input(breach(20), { mute: stored }), NOW + H);
    expect(r.next).toMatchObject({ mutedUntil: NOW + 3 * H, mutedBy: "U2" });
    expect(kinds(r.effects)).toEqual(["update-root"]);
  });

  it("unmute takes the line off the root", () => {
    const m = mute(firing(), "U9", NOW);
    const u = unmute(m.next as Incident);
    expect(u.next?.mutedUntil).toBeUndefined();
    expect(kinds(u.effects)).toEqual(["update-root"]);
  });

  it("activeMute: this rule's mute for this task or all its tasks, still in force", () => {
    const mutes: Mute[] = [
      { id: "r-2:t-1", ruleId: "r-2", taskId: "t-1", until: NOW + H, by: "U" },
      { id: "r-1:t-2", ruleId: "r-1", taskId: "t-2", until: NOW + H, by: "U" },
      { id: "r-1:t-1", ruleId: "r-1", taskId: "t-1", until: NOW, by: "U" },
    ];
    expect(activeMute(mutes, "r-1", "t-1", NOW)).toBeUndefined();
    const all: Mute = { id: "r-1:*", ruleId: "r-1", taskId: "*", until: NOW + 1, by: "U" };
    expect(activeMute([...mutes, all], "r-1", "t-1", NOW)).toBe(all);
  });
});

describe("the root in Slack", () => {
  it("deleted: marked once, then never replied to or updated, and still resolves", () => {
    const gone = rootGone(firing());
    expect(gone.rootGone).toBe(true);
    expect(rootGone(gone)).toBe(gone);
    expect(step(gone, input(breach(30)), NOW + 2 * H).effects).toEqual([]);
    expect(ack(gone, "U9", NOW).effects).toEqual([]);
    const c1 = step(gone, input(clear()), NOW + 2 * H);
    const c2 = step(c1.next, input(clear()), NOW + 2 * H + 5 * M);
    expect(c2).toMatchObject({ next: { state: "resolved" }, effects: [] });
  });

  it("after a restart, an opening incident's root is found (no new post) or posted", () => {
    const { next } = step(undefined, input(breach(11)), NOW);
    const opening = next as Incident;
    expect(healOpening(opening, "1.0002", NOW + M)).toEqual({
      next: { ...opening, state: "firing", rootTs: "1.0002" },
      effects: [],
    });
    expect(kinds(healOpening(opening, undefined, NOW + M).effects)).toEqual([
      "post-root",
      "upload-chart",
    ]);
    const f = firing();
    expect(healOpening(f, undefined, NOW)).toEqual({ next: f, effects: [] });
  });
});
