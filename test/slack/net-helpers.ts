/** Small helpers for tests that exercise failures: a port nobody listens on, stray rejections. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** http://127.0.0.1:<port> of a server that was just closed: connecting there is refused. */
export async function closedOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Collects unhandled rejections until `stop()`; vitest would only report them after the file. */
export function watchUnhandled(): { seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", onRejection);
  return { seen, stop: () => process.off("unhandledRejection", onRejection) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
