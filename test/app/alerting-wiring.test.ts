/**
 * The alert round as the wiring runs it, on one replica whose round claim another replica holds:
 * a round asked for by `alert add` waits for the claim rather than being dropped (the other
 * round may have read the rules before the rule was added), and a scheduled slot yields.
 */
import pino from "pino";
import { Agent } from "undici";
import { afterEach, expect, it } from "vitest";
import { AlertingWiring } from "../../src/alerting-wiring.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";
import { LocalRunClaims } from "../../src/store/run-claims.ts";
import { RecordingCharts, RecordingChat } from "./alert-harness.ts";

const logger = pino({ level: "silent" });
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function world() {
  const sim: Simulator = await startSimulator({});
  const dispatcher = new Agent();
  const oms = omsClientFor(sim, {
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
    dispatcher,
    logger,
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
  const claims = new LocalRunClaims();
  const skipped: string[] = [];
  const wiring = new AlertingWiring({
    oms,
    store: createMemoryStore(),
    charts: new RecordingCharts(),
    logger,
    tz: "UTC",
    // Never in a test's lifetime: only asked-for rounds run.
    alertPollCron: "0 0 1 1 *",
    claims,
    minPostIntervalMs: 0,
    events: {
      alertOpened: () => {},
      alertResolved: () => {},
      digestPosted: () => {},
      scheduledRunSkipped: (job) => void skipped.push(job),
    },
  });
  const chat = new RecordingChat();
  const runner = createCommandRunner({
    oms,
    charts: { renderStats: async () => new Uint8Array() },
    tasks: new TaskDirectory(oms, 0),
    logger,
    alerting: wiring.alerting,
  });
  const run = (text: string) =>
    runner.run(text, {
      userId: "UALICE",
      tz: "UTC",
      now: Date.now(),
      channelId: "COPS",
      isAdmin: true,
      source: "command",
    });
  open.push(async () => {
    await wiring.stop();
    await dispatcher.close();
    await sim.close();
  });
  return { wiring, chat, claims, run, skipped };
}

it("a round asked for by `alert add` waits for the claim another replica holds, then runs", async () => {
  const w = await world();
  await w.wiring.start(w.chat);
  await w.wiring.scheduler.idle();
  // Another replica's round is in progress.
  expect(await w.claims.tryClaim("alerts:round", 60_000)).toBe(true);
  const added = await w.run("alert add datalake-migration stopped");
  expect(added.isError).not.toBe(true);
  await new Promise((r) => setTimeout(r, 600));
  expect(w.chat.of("root")).toHaveLength(0);
  expect(w.skipped).toEqual([]);
  // The other round ends: this one goes ahead and opens the incident.
  await w.claims.release("alerts:round");
  await w.wiring.scheduler.idle();
  const roots = w.chat.of("root");
  expect(roots).toHaveLength(1);
  expect(roots[0]?.text).toContain("datalake-migration");
});

it("a scheduled round yields to the replica holding the claim, and says it skipped", async () => {
  const w = await world();
  await w.wiring.start(w.chat);
  await w.wiring.scheduler.idle();
  expect(await w.claims.tryClaim("alerts:round", 60_000)).toBe(true);
  // A slot firing (execute, as node-cron does on the schedule) is not a round asked for.
  await w.wiring.scheduler.runNow("alerts");
  expect(w.skipped).toEqual(["alerts"]);
});
