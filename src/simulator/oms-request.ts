/**
 * One OMS request past the dispatch: the route (404 APIGW.0101 when none), authentication, then
 * the injected fault, which may replace the route's answer or corrupt its body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  breakSchema,
  type FaultInjector,
  faultErrorResponse,
  malformJson,
  oddStatistics,
} from "./faults.ts";
import { handleOmsRoute, matchOmsRoute, type OmsState } from "./oms-routes.ts";
import type { RequestLog, RequestLogEntry } from "./request-log.ts";
import { type CheckAuthOptions, checkAuth, requestToAuthorize } from "./verify-auth.ts";
import { ERR, errorResponse, type SimResponse } from "./wire.ts";

export interface OmsRequestDeps {
  /** false: OMS requests need no credentials at all. */
  requireAuth: boolean;
  auth: CheckAuthOptions;
  faults: FaultInjector;
  state: OmsState;
  log: RequestLog;
  sleep: (ms: number) => Promise<void>;
  send: (res: ServerResponse, r: SimResponse, rawBody?: string) => void;
  sendOversized: (res: ServerResponse, r: SimResponse, entry: RequestLogEntry) => Promise<void>;
}

export async function answerOms(
  d: OmsRequestDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const { faults, log, send } = d;
  const route = matchOmsRoute(req.method ?? "", url.pathname);
  if (!route) {
    const r = errorResponse(
      404,
      ERR.noSuchApi,
      "The API does not exist or has not been published in the environment",
    );
    log.record(req, url, r.status, null);
    send(res, r);
    return;
  }
  if (d.requireAuth) {
    const auth = checkAuth(requestToAuthorize(req, body), d.auth);
    if (!auth.ok) {
      log.record(req, url, auth.status, null);
      send(res, { status: auth.status, body: auth.body });
      return;
    }
  }
  const fault = faults.next();
  const latency = faults.options.latencyMs ?? 0;
  if (latency > 0) await d.sleep(latency);
  if (res.destroyed) return;
  if (fault === "drop") {
    log.record(req, url, 0, fault);
    req.socket.destroy();
    return;
  }
  if (fault === "hang") {
    // Never answered; close() ends the socket through closeAllConnections().
    log.record(req, url, 0, fault);
    return;
  }
  if (fault === "error" || fault === "unavailable" || fault === "throttle") {
    const r = faultErrorResponse(fault, faults.options.retryAfterSeconds ?? 1);
    log.record(req, url, r.status, fault);
    send(res, r);
    return;
  }
  const r = handleOmsRoute(route, url.searchParams, d.state);
  // Faults that corrupt a body only make sense on a success; errors stay as they are.
  if (fault === "malformed" && r.status === 200) {
    log.record(req, url, 200, fault);
    send(res, r, malformJson(JSON.stringify(r.body)));
    return;
  }
  if ((fault === "oddDataType" || fault === "oddTimeType") && r.status === 200) {
    log.record(req, url, 200, fault);
    send(res, { ...r, body: oddStatistics(r.body, fault) });
    return;
  }
  if (fault === "oversized" && r.status === 200) {
    await d.sendOversized(res, r, log.record(req, url, 200, fault));
    return;
  }
  if (fault === "schemaBreak" && r.status === 200) {
    log.record(req, url, 200, fault);
    send(res, { ...r, body: breakSchema(r.body, faults.draw()) });
    return;
  }
  log.record(req, url, r.status, null);
  send(res, r);
}
