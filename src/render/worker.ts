import { parentPort } from "node:worker_threads";
import { isOmsbotError } from "../errors.ts";
import { type ChartRequest, fromWire, type WorkerJob, type WorkerReply } from "./protocol.ts";
import { ChartRenderer } from "./renderer.ts";
import { WARM_UP_SVG_ROUNDS, warmupChart } from "./warmup.ts";

/**
 * One render worker: the pool gives it up to `jobsPerWorker` jobs at once (one's dataflow runs
 * while another's raster and encoding run on libuv's threads) and they share one
 * ChartRenderer, so each chart variant (stats, incident, digest) is compiled once per worker.
 * It says ready only after drawing a warm-up chart (warmup.ts), so the first real chart is warm.
 *
 * It holds no test hooks: the pool tests that need a worker to crash or hang start a stand-in
 * (test/render/stand-in-worker.mjs) through RenderPool's `startWorker`, so nothing a message
 * says can make a production worker exit or spin.
 */
const port = parentPort;
if (!port) throw new Error("render worker must run in a worker thread");
const renderer = new ChartRenderer();

function draw(job: ChartRequest): Promise<Uint8Array> {
  switch (job.kind) {
    case "stats":
      return renderer.renderStats(job.input);
    case "incident":
      return renderer.renderIncident(job.input);
    case "digest":
      return renderer.renderDigest(job.input);
  }
}

function describe(e: unknown): string {
  if (isOmsbotError(e)) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
    return `${e.detail ?? e.message}${cause}`;
  }
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Own the bytes: a Buffer can be a view into a larger pooled ArrayBuffer. */
function ownBuffer(png: Uint8Array): ArrayBuffer {
  if (png.byteOffset === 0 && png.byteLength === png.buffer.byteLength) {
    return png.buffer as ArrayBuffer;
  }
  return png.slice().buffer as ArrayBuffer;
}

// A failed warm-up is not fatal: the real charts will say what is wrong, job by job.
await renderer.warmUp(warmupChart(), WARM_UP_SVG_ROUNDS).catch(() => undefined);
port.postMessage({ ready: true } satisfies WorkerReply);

port.on("message", async (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    const png = ownBuffer(await draw(fromWire(job)));
    reply = { id: job.id, ok: true, png };
    port.postMessage(reply, [png]);
  } catch (e) {
    reply = { id: job.id, ok: false, detail: describe(e) };
    port.postMessage(reply);
  }
});
