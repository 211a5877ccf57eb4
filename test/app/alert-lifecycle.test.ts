/**
 * The incident lifecycle through the app layer: the simulator's media-sync task is failing from
 * 40 minutes before start until 2 hours after it (about 700 failures per 15 minutes), then quiet
 * (under 10). The clock is the test's; each `round` is one evaluation.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../src/app/ports.ts";
import { INCIDENT_EVENT_TYPE } from "../../src/core/alert-text.ts";
import { openFileStore } from "../../src/store/file-store.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";
import { type AlertWorld, startAlertWorld } from "./alert-harness.ts";

const START = Date.UTC(2026, 10, 30, 10, 0, 7);
const MIN = 60_000;
const RULE = "alert add media-sync failures > 50 in 15m repeat 30m";

let world: AlertWorld | undefined;
let dir: string | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function at(w: AlertWorld, minutes: number) {
  w.clock.now = START + minutes * MIN;
  return w.service().evaluate(w.clock.now);
}

async function incidents(store: StateStore) {
  return store.list("incidents");
}

describe("an alert through its whole life", () => {
  it("fires once, replies no more often than its repeat interval, and resolves after two clear rounds in the same thread", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    const added = await w.run(RULE);
    expect(added.isError).toBe(false);
    expect(added.text).toContain("Alert added");

    const first = await at(w, 0);
    expect(first).toMatchObject({ rules: 1, opened: 1, statisticsCalls: 1 });
    const [root, ...others] = w.chat.of("root");
    expect(others).toEqual([]);
    expect(root?.text).toContain("FIRING");
    expect(root?.metadata?.eventType).toBe(INCIDENT_EVENT_TYPE);
    // The chart goes into the root's thread, drawn with the rule's threshold.
    expect(w.chat.of("upload")).toEqual([expect.objectContaining({ thread: root?.ts })]);
    expect(w.charts.incidents[0]?.alert?.threshold).toBe(50);

    await at(w, 5);
    await at(w, 10);
    expect(w.chat.of("reply")).toEqual([]);
    await at(w, 30);
    const [reminder] = w.chat.of("reply");
    expect(reminder?.thread).toBe(root?.ts);
    expect(reminder?.text).toContain("Still firing");

    await at(w, 140); // first clear round: not yet
    expect(w.chat.of("update")).toEqual([]);
    const resolved = await at(w, 145);
    expect(resolved.resolved).toBe(1);
    const replies = w.chat.of("reply");
    expect(replies.at(-1)?.text).toContain("Resolved after");
    expect(replies.every((r) => r.thread === root?.ts)).toBe(true);
    const [update] = w.chat.of("update");
    expect(update?.ts).toBe(root?.ts);
    expect(update?.text).toContain("RESOLVED");
    expect(w.chat.of("root")).toHaveLength(1);
  });

  it("does not resolve on a one-round dip", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    // After the burst media-sync fails 5–10 times per 15 minutes: around this bar it flaps.
    await w.run("alert add media-sync failures > 6 in 15m");
    await at(w, 0);
    await at(w, 170); // 5 failures: one clear round
    expect((await incidents(store))[0]).toMatchObject({ state: "firing", clearStreak: 1 });
    await at(w, 185); // 8: breached again
    await at(w, 200); // 7
    const all = await incidents(store);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ state: "firing", clearStreak: 0 });
    expect(w.chat.of("update")).toEqual([]);
    expect(w.chat.of("root")).toHaveLength(1);
  });

  it("Ack stops the reminders and shows who; a mute is stored for the rule and task", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    await w.run(RULE);
    await at(w, 0);
    const [incident] = await incidents(store);
    const ack = await w.run(`alert ack ${incident?.id}`, { user: "UBOB" });
    expect(ack.isError).toBe(false);
    const [update] = w.chat.of("update");
    expect(update?.text).toContain("FIRING");
    expect((await store.get("incidents", incident?.id ?? ""))?.ackedBy?.userId).toBe("UBOB");
    await at(w, 60);
    expect(w.chat.of("reply")).toEqual([]);

    await at(w, 140);
    await at(w, 145);
    const mute = await w.run(`alert mute media-sync 1h`);
    expect(mute.isError).toBe(false);
    expect((await store.list("mutes")).length).toBe(1);
  });

  it("after a restart between fire and resolve, resolves in the same thread without a second root", async () => {
    dir = await mkdtemp(join(tmpdir(), "omsbot-alert-"));
    const logger = pino({ level: "silent" });
    let store = await openFileStore({ dir, logger });
    world = await startAlertWorld({ store, start: START });
    const w = world;
    await w.run(RULE);
    await at(w, 0);
    const root = w.chat.of("root")[0];
    await store.close();
    // A new process: the state comes back from the file.
    store = await openFileStore({ dir, logger });
    const restarted = await startAlertWorld({ store, start: START });
    restarted.chat.log.push(...w.chat.log);
    restarted.clock.now = START + 140 * MIN;
    await restarted.service().evaluate(restarted.clock.now);
    restarted.clock.now = START + 145 * MIN;
    await restarted.service().evaluate(restarted.clock.now);
    expect(restarted.chat.of("root")).toHaveLength(1);
    expect(restarted.chat.of("update")[0]?.ts).toBe(root?.ts);
    expect(restarted.chat.of("reply").at(-1)?.thread).toBe(root?.ts);
    await restarted.close();
    await store.close();
  });

  it("a crash between posting the root and recording it is healed from the channel's history", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    await w.run(RULE);
    w.chat.crashAfterNextPost = true;
    await at(w, 0);
    const [opening] = await incidents(store);
    expect(opening?.state).toBe("opening");
    await at(w, 5);
    expect(w.chat.of("root")).toHaveLength(1);
    const [healed] = await incidents(store);
    expect(healed?.state).toBe("firing");
    expect(healed?.rootTs).toBe(w.chat.of("root")[0]?.ts);
  });

  it("a root deleted in Slack is left alone, once, and the incident still resolves", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    await w.run(RULE);
    await at(w, 0);
    const root = w.chat.of("root")[0];
    w.chat.delete(root?.ts ?? "");
    await at(w, 30); // the reminder finds the root gone
    await at(w, 60);
    await at(w, 140);
    await at(w, 145);
    const [incident] = await incidents(store);
    expect(incident?.rootGone).toBe(true);
    expect(incident?.state).toBe("resolved");
    expect(w.chat.of("root")).toHaveLength(1);
  });

  it("Slack down during the resolution: kept and delivered at the next round, never lost", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    await w.run(RULE);
    await at(w, 0);
    await at(w, 140);
    w.chat.failNext = 1;
    await at(w, 145);
    expect(w.chat.of("update")).toEqual([]);
    await at(w, 150);
    expect(w.chat.of("reply").at(-1)?.text).toContain("Resolved after");
    expect(w.chat.of("update")).toHaveLength(1);
    expect((await incidents(store))[0]?.pending).toBeUndefined();
  });

  it("OMS down: nothing opens or resolves on missing data; one notice after 3 failed rounds", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    await w.run(RULE);
    await at(w, 0);
    w.sim.setFaults({ errorRate: 1 });
    await at(w, 140);
    await at(w, 145);
    await at(w, 150);
    const [incident] = await incidents(store);
    expect(incident?.state).toBe("firing");
    const notices = w.chat.of("root").filter((p) => p.text.includes("cannot be evaluated"));
    expect(notices).toHaveLength(1);
    await at(w, 155);
    expect(w.chat.of("root").filter((p) => p.text.includes("cannot be evaluated"))).toHaveLength(1);
    const list = await w.run("alert list");
    expect(list.text).toContain("1 firing");
  });
});

describe("alert commands", () => {
  it("refuse a duplicate, a channel the bot cannot post in and an unknown ID, storing nothing", async () => {
    const store = createMemoryStore();
    world = await startAlertWorld({ store, start: START });
    const w = world;
    await w.run(RULE);
    const dup = await w.run(RULE);
    expect(dup.isError).toBe(true);
    expect(dup.text).toContain("already does this");
    const cannot = await w.run("alert add media-sync stopped in <#CNOTIN|private>");
    expect(cannot.isError).toBe(true);
    expect(cannot.text).toContain("can't post");
    expect(await store.list("rules")).toHaveLength(1);
    const unknown = await w.run("alert remove a999");
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain("alert list");
  });
});
