/**
 * The operations routes (ops/routes.ts) as Bolt custom routes: in HTTP mode they share PORT
 * with `/slack/events`, behind the same server Bolt listens with.
 */
import type { CustomRoute } from "@slack/bolt";
import type { Logger } from "pino";
import { type HttpRoute, safeHandler } from "../../ops/routes.ts";

export function toBoltRoutes(routes: readonly HttpRoute[], logger: Logger): CustomRoute[] {
  return routes.map((r) => ({ path: r.path, method: r.method, handler: safeHandler(r, logger) }));
}
