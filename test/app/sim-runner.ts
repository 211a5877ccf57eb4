/** A CommandRunner on the real OMS client and a simulator, charts captured: for runner tests. */
import pino, { type Logger } from "pino";
import { Agent } from "undici";
import type { CommandRunner, RequestContext } from "../../src/app/context.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import type { ChartPort } from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { OmsClientOptions } from "../../src/clients/oms/client.ts";
import type { StatsChartInput } from "../../src/core/chart-input.ts";
import type { Reply, ReplyBlock } from "../../src/core/reply.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/server.ts";

export const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);

export interface SimRunner {
  sim: Simulator;
  runner: CommandRunner;
  /** What the chart port was asked to draw, oldest first. */
  charts: StatsChartInput[];
  /** Warn-and-above log lines, parsed. */
  warnings: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startSimRunner(
  simOptions: SimulatorOptions = {},
  clientOptions: Partial<OmsClientOptions> = {},
  appOptions: Pick<AppDeps, "statsCache"> = {},
): Promise<SimRunner> {
  const sim = await startSimulator({ now: () => NOW, ...simOptions });
  const dispatcher = new Agent();
  const charts: StatsChartInput[] = [];
  const warnings: Array<Record<string, unknown>> = [];
  const logger: Logger = pino(
    { level: "warn" },
    {
      write(line: string) {
        warnings.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  const chartPort: ChartPort = {
    async renderStats(input) {
      charts.push(input);
      return new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    },
  };
  const oms = omsClientFor(sim, {
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
    dispatcher,
    logger,
    now: () => NOW,
    sleep: async () => {},
    backoff: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    deadlineMs: 10_000,
    ...clientOptions,
  });
  const runner = createCommandRunner({
    oms,
    charts: chartPort,
    tasks: new TaskDirectory(oms, 0),
    logger,
    ...appOptions,
  });
  return {
    sim,
    runner,
    charts,
    warnings,
    async close() {
      await sim.close();
      await dispatcher.close();
    },
  };
}

export const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  userId: "U1",
  tz: "UTC",
  now: NOW,
  isAdmin: true,
  source: "command",
  ...over,
});

/** Every text of a reply that Slack reads as mrkdwn (headers are plain text and left out). */
export function mrkdwnTexts(r: Reply | readonly ReplyBlock[]): string[] {
  const blocks = "blocks" in r ? r.blocks : r;
  const parts = "blocks" in r ? [r.text] : [];
  for (const b of blocks) {
    if (b.kind === "section" || b.kind === "context") parts.push(b.text);
    if (b.kind === "fields") for (const f of b.fields) parts.push(f.label, f.value);
  }
  return parts;
}
