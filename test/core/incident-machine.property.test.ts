import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Evaluation } from "../../src/core/alert-evaluate.ts";
import type { Incident, Mute } from "../../src/core/alert-model.ts";
import { ack, activeMute, mute, rootRecorded, step } from "../../src/core/incident-machine.ts";
import { M, NOW, rule } from "./alert-fixtures.ts";

type Event =
  | { kind: "eval"; breached: boolean; value: number }
  | { kind: "no-data" }
  | { kind: "ack" }
  | { kind: "mute"; minutes: number }
  | { kind: "root-posted" };

const event: fc.Arbitrary<Event> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("eval" as const),
      breached: fc.boolean(),
      value: fc.nat(50),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "no-data" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "ack" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("mute" as const),
      minutes: fc.integer({ min: 1, max: 120 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "root-posted" as const }) },
);

describe("incident machine properties", () => {
  it("one open incident per rule+task; resolution only after two clears in a row; one root per incident; replies spaced by the repeat interval", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ event, gapMin: fc.integer({ min: 1, max: 45 }) }), { maxLength: 80 }),
        fc.integer({ min: 5, max: 120 }),
        (events, repeatMin) => {
          const r = rule(
            { kind: "failures", threshold: 10, windowMs: 15 * M },
            { repeatMs: repeatMin * M },
          );
          const incidents = new Map<string, Incident>();
          const posts = new Map<string, number>();
          const replies = new Map<string, number[]>();
          let current: Incident | undefined;
          let mutes: Mute[] = [];
          const evals: boolean[] = []; // breached?, evaluations only (no data is none)
          let now = NOW;
          let n = 0;
          for (const { event: e, gapMin } of events) {
            now += gapMin * M;
            let next: Incident | undefined = current;
            if (e.kind === "eval" || e.kind === "no-data") {
              const ev: Evaluation | undefined =
                e.kind === "eval"
                  ? { breached: e.breached, value: e.value, threshold: 10, summary: "" }
                  : undefined;
              if (ev) evals.push(ev.breached);
              const wasOpen = current !== undefined && current.state !== "resolved";
              const muted = activeMute(mutes, r.id, "t-1", now);
              const out = step(
                current,
                {
                  rule: r,
                  task: { id: "t-1", name: "x" },
                  evaluation: ev,
                  mute: muted,
                  newId: `i${++n}`,
                },
                now,
              );
              if (!ev) expect(out.effects).toEqual([]);
              next = out.next;
              if (next && next.state === "resolved" && wasOpen) {
                // Resolved by this step: the last two evaluations were both clears.
                expect(evals.slice(-2)).toEqual([false, false]);
              }
              if (next && !wasOpen && next.state !== "resolved") {
                expect(muted).toBeUndefined();
              }
              for (const eff of out.effects) {
                if (eff.kind === "post-root")
                  posts.set(eff.incidentId, (posts.get(eff.incidentId) ?? 0) + 1);
                if (eff.kind === "thread-reply" && eff.reply.kind === "still-firing") {
                  replies.set(eff.incidentId, [...(replies.get(eff.incidentId) ?? []), now]);
                }
              }
            } else if (current && e.kind === "ack") {
              next = ack(current, "U1", now).next;
            } else if (current && e.kind === "mute") {
              const m = mute(current, "U1", now, e.minutes * M);
              mutes = [...mutes.filter((x) => x.id !== m.mute.id), m.mute];
              next = m.next;
            } else if (current?.state === "opening" && e.kind === "root-posted") {
              next = rootRecorded(current, `ts-${current.id}`);
            }
            if (next) incidents.set(next.id, next);
            current = next ?? current;
            const open = [...incidents.values()].filter((i) => i.state !== "resolved");
            expect(open.length).toBeLessThanOrEqual(1);
          }
          for (const count of posts.values()) expect(count).toBe(1);
          for (const [id, times] of replies) {
            const opened = incidents.get(id)?.openedAt ?? 0;
            const all = [opened, ...times];
            for (let i = 1; i < all.length; i++) {
              expect((all[i] ?? 0) - (all[i - 1] ?? 0)).toBeGreaterThanOrEqual(repeatMin * M);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
