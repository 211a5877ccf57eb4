/**
 * The operations routes (ops/routes.ts) as Bolt custom routes: in HTTP mode they share PORT
 * with `/slack/events`, behind the same server Bolt listens with.
 */
import type { CustomRoute } from "@slack/bolt";
import type { Logger } from "pino";
import type { OpsMetrics } from "../../ops/metrics.ts";
import { Readiness } from "../../ops/readiness.ts";
import { type HttpRoute, opsRoutes, safeHandler } from "../../ops/routes.ts";

export function toBoltRoutes(routes: readonly HttpRoute[], logger: Logger): CustomRoute[] {
  return routes.map((r) => ({ path: r.path, method: r.method, handler: safeHandler(r, logger) }));
}

/** The adapter alone (no bot around it): its connection is all there is to be ready for. */
export function adapterRoutes(
  ops: OpsMetrics,
  mode: "http" | "socket",
  isConnected: () => boolean,
  logger: Logger,
): HttpRoute[] {
  const readiness = new Readiness({ logger });
  readiness.add("slack", async () => isConnected() || { ready: false, reason: "not connected" });
  return opsRoutes({ metrics: ops, readiness, info: { mode } });
}
