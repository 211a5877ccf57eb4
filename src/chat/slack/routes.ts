/**
 * Plain HTTP routes beside Slack's: `GET /healthz` and `GET /metrics` (Prometheus text), plus
 * any the caller adds. In HTTP mode they are Bolt custom routes on the same port as
 * `/slack/events`; in Socket Mode there is no Slack endpoint, and a small server of our own
 * serves them on PORT (for Docker health checks and scraping).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import type { Logger } from "pino";
import { toOmsbotError } from "../../errors.ts";
import type { SlackMetrics } from "./metrics.ts";

export interface SlackRoute {
  path: string;
  method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  handler(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface RouteDeps {
  metrics: SlackMetrics;
  /** More Prometheus text appended to /metrics (other parts of the bot). */
  extraMetrics?: () => string | Promise<string>;
  mode: "http" | "socket";
  logger: Logger;
}

export function defaultRoutes(deps: RouteDeps): SlackRoute[] {
  return [
    {
      path: "/healthz",
      method: "GET",
      handler: (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true, mode: deps.mode }));
      },
    },
    {
      path: "/metrics",
      method: "GET",
      handler: async (_req, res) => {
        const extra = deps.extraMetrics ? await deps.extraMetrics() : "";
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
        res.end(deps.metrics.render() + (extra && !extra.endsWith("\n") ? `${extra}\n` : extra));
      },
    },
  ];
}

/** Extra routes win over defaults with the same method and path. */
export function mergeRoutes(
  defaults: SlackRoute[],
  extra: readonly SlackRoute[] = [],
): SlackRoute[] {
  const key = (r: SlackRoute) => `${r.method} ${r.path}`;
  const taken = new Set(extra.map(key));
  return [...defaults.filter((r) => !taken.has(key(r))), ...extra];
}

/** A handler that cannot throw past us: a failure is logged and answered with a 500. */
function safe(
  route: SlackRoute,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((e: unknown) => {
        const err = toOmsbotError(e);
        logger.error({ code: err.code, detail: err.detail, path: route.path }, "HTTP route failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error\n");
      });
  };
}

export function toBoltRoutes(routes: readonly SlackRoute[], logger: Logger): CustomRoute[] {
  return routes.map((r) => ({ path: r.path, method: r.method, handler: safe(r, logger) }));
}

/** Socket Mode's own server for the routes; resolves once listening. */
export async function startRouteServer(
  routes: readonly SlackRoute[],
  port: number,
  host: string | undefined,
  logger: Logger,
): Promise<Server> {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, safe(r, logger)]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const handler = table.get(`${req.method ?? "GET"} ${path}`);
    if (handler) return handler(req, res);
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
