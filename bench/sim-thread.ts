/**
 * The simulator on a worker thread of its own, so a bench measures the bot's side: generating
 * and serialising hundreds of answers would otherwise share the bot's event loop and cores'
 * time slices in a way a real OMS never does.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type SimulatorOptions, startSimulator } from "../src/simulator/server.ts";

export interface SimThread {
  url: string;
  projectId: string;
  credentials: { ak: string; sk: string };
  close(): Promise<void>;
}

/** Starts a simulator with `options` on its own thread; resolves once it listens. */
export function startSimThread(options: Omit<SimulatorOptions, "now">): Promise<SimThread> {
  // The bench runs from TypeScript sources: the thread loads tsx first (sim-thread-boot.mjs).
  const worker = new Worker(new URL("./sim-thread-boot.mjs", import.meta.url), {
    workerData: options,
  });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (m: Omit<SimThread, "close">) =>
      resolve({
        ...m,
        close: async () => {
          await worker.terminate();
        },
      }),
    );
  });
}

if (!isMainThread && parentPort) {
  const sim = await startSimulator(workerData as SimulatorOptions);
  parentPort.postMessage({
    url: sim.url,
    projectId: sim.projectId,
    credentials: { ak: sim.credentials.ak, sk: sim.credentials.sk },
  });
}
