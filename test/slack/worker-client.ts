/** Signed slash commands sent from a worker thread (its own event loop), for the bench and tests. */
import { Worker } from "node:worker_threads";
import { SIGNING_SECRET } from "./slack-requests.ts";

export interface WorkerAnswer {
  /** ms from sending to the full answer. */
  ack: number;
  /** Date.now() when sent / when the answer was read, in the worker. */
  sent: number;
  answeredAt: number;
  status: number;
}

/**
 * The load generator runs in a worker thread with its own event loop: a client in the bot's own
 * thread would wait for the bot's CPU-busy work before it could even read an answer, and the
 * measure would be of itself. Plain JS (eval) so it runs without a TypeScript loader.
 */
export function loadFromWorker(url: string, bodies: string[]): Promise<WorkerAnswer[]> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { createHmac } = require("node:crypto");
    const { url, bodies, secret } = workerData;
    Promise.all(bodies.map(async (body) => {
      const ts = Math.floor(Date.now() / 1000);
      const sig = "v0=" + createHmac("sha256", secret).update("v0:" + ts + ":" + body).digest("hex");
      const sent = Date.now();
      const t0 = performance.now();
      const res = await fetch(url, { method: "POST", body, headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(ts), "x-slack-signature": sig } });
      const ack = performance.now() - t0;
      await res.text();
      const answeredAt = Date.now();
      return { ack, sent, answeredAt, status: res.status };
    })).then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ error: String(e) }));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, {
      eval: true,
      workerData: { url, bodies, secret: SIGNING_SECRET },
    });
    worker.once("message", (m: WorkerAnswer[] | { error: string }) => {
      void worker.terminate();
      if ("error" in m) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once("error", reject);
  });
}
