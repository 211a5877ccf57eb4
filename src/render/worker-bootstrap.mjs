// Entry of a render worker when the bot runs from TypeScript sources (tsx or vitest). A worker
// thread starts as plain Node: vitest's transform does not reach it, so tsx's ESM loader is
// registered here before the .ts worker is imported. The compiled build starts worker.js instead.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
