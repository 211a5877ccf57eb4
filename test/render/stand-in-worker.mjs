// A render worker for the pool tests, so that production workers carry no crash or hang hooks.
// workerData.mode picks how it behaves:
//   "render"        the real worker; a chart titled "crash" ends the thread, "hang" spins it
//   "never-ready"   starts but never says ready, like a worker stuck while loading
//   "exit-at-start" dies before it is ready, like a broken install
import { parentPort, workerData } from "node:worker_threads";

const mode = workerData?.mode ?? "render";
if (mode === "exit-at-start") {
  process.exit(1);
} else if (mode === "never-ready") {
  setInterval(() => {}, 60_000);
} else {
  // Registered before the real worker's listener, so these two titles never reach it.
  parentPort?.on("message", (job) => {
    if (job.input?.title === "crash") process.exit(3);
    if (job.input?.title === "hang") for (;;) {}
  });
  await import("../../src/render/worker-bootstrap.mjs");
}
