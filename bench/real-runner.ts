/** The production CommandRunner on the simulator, with the real worker pool, for benchmarks. */
import pino from "pino";
import { Agent } from "undici";
import type { CommandRunner } from "../src/app/context.ts";
import { createCommandRunner } from "../src/app/runner.ts";
import { TaskDirectory } from "../src/app/task-directory.ts";
import { RenderPool } from "../src/render/pool.ts";
import { omsClientFor } from "../src/simulator/client.ts";
import { startSimulator } from "../src/simulator/server.ts";

export async function startRealRunner(): Promise<{
  runner: CommandRunner;
  close: () => Promise<void>;
}> {
  const sim = await startSimulator({});
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  const logger = pino({ level: "silent" });
  const oms = omsClientFor(sim, { dispatcher, logger });
  const pool = new RenderPool();
  const runner = createCommandRunner({ oms, charts: pool, tasks: new TaskDirectory(oms), logger });
  return {
    runner,
    close: async () => {
      await pool.close();
      await sim.close();
      await dispatcher.close();
    },
  };
}
