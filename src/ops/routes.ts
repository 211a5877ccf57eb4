/**
 * The operations routes served on PORT in every Slack mode: `GET /healthz` (liveness),
 * `GET /readyz` (readiness), `GET /metrics` (Prometheus). One table, two ways to serve it: in
 * HTTP mode the Slack adapter hands it to Bolt as custom routes beside `/slack/events`; in
 * Socket Mode there is no Slack endpoint, and `startRouteServer` serves it alone.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { toOmsbotError } from "../errors.ts";
import type { OpsMetrics } from "./metrics.ts";
import type { Readiness } from "./readiness.ts";

export interface HttpRoute {
  path: string;
  method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  handler(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface OpsRouteDeps {
  metrics: OpsMetrics;
  readiness: Readiness;
  /** Said in the /healthz body beside `ok` (e.g. the Slack mode); no secrets, no IDs. */
  info?: Record<string, string>;
}

export function opsRoutes(deps: OpsRouteDeps): HttpRoute[] {
  return [
    {
      path: "/healthz",
      method: "GET",
      // Liveness: answering at all is the whole test. A dependency being down is /readyz's
      // business; restarting the process would not bring Slack or Redis back.
      handler: (_req, res) => json(res, 200, { ok: true, ...deps.info }),
    },
    {
      path: "/readyz",
      method: "GET",
      handler: async (_req, res) => {
        const report = await deps.readiness.report();
        json(res, report.ready ? 200 : 503, report);
      },
    },
    {
      path: "/metrics",
      method: "GET",
      handler: async (_req, res) => {
        const { contentType, text } = await deps.metrics.exposition();
        res.writeHead(200, { "content-type": contentType });
        res.end(text);
      },
    },
  ];
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Later routes win over earlier ones with the same method and path. */
export function mergeRoutes(...tables: ReadonlyArray<readonly HttpRoute[]>): HttpRoute[] {
  const byKey = new Map<string, HttpRoute>();
  for (const r of tables.flat()) byKey.set(`${r.method} ${r.path}`, r);
  return [...byKey.values()];
}

/** A handler that cannot throw past us: a failure is logged and answered with a 500. */
export function safeHandler(
  route: HttpRoute,
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

/** The routes on a server of their own (Socket Mode); resolves once listening. */
export async function startRouteServer(
  routes: readonly HttpRoute[],
  port: number,
  host: string | undefined,
  logger: Logger,
): Promise<Server> {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, safeHandler(r, logger)]));
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
