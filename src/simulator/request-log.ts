/** The simulator's request log, for tests: every request answered (or dropped), oldest first. */
import type { IncomingMessage } from "node:http";
import type { FaultKind } from "./faults.ts";

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  /** 0 when no answer was sent (drop, hang). */
  status: number;
  fault: FaultKind | null;
  /** Oversized answers: body bytes written before the client hung up (or all), once done. */
  bytesSent?: number;
}

export interface RequestFilter {
  method?: string;
  /** Matches when the path contains this text. */
  path?: string;
  status?: number;
}

export class RequestLog {
  entries: RequestLogEntry[] = [];

  record(req: IncomingMessage, url: URL, status: number, fault: FaultKind | null): RequestLogEntry {
    const entry = {
      method: req.method ?? "",
      path: url.pathname,
      query: url.search,
      status,
      fault,
    };
    this.entries.push(entry);
    return entry;
  }

  count(filter: RequestFilter = {}): number {
    return this.entries.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method) &&
        (filter.path === undefined || e.path.includes(filter.path)) &&
        (filter.status === undefined || e.status === filter.status),
    ).length;
  }

  reset(): void {
    this.entries = [];
  }
}
