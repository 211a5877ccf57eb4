// A worker thread starts as plain Node: tsx's loader is registered before the .ts entry loads
// (as src/render/worker-bootstrap.mjs does for the render workers).
import { register } from "tsx/esm/api";

register();
await import("./sim-thread.ts");
