/** What a failed request (no HTTP answer at all) was: one reading for every client. */
import { errors as undiciErrors } from "undici";

export interface TransportFailure {
  /** The request ran out of time (ours, or undici's connect/headers/body timeouts). */
  timedOut: boolean;
  /** The connection was refused, so the request never reached the server. */
  neverSent: boolean;
  /** For the operator's log: error name, code and message. */
  detail: string;
}

export function readTransportError(e: unknown): TransportFailure {
  const name = e instanceof Error ? e.name : "Error";
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null | undefined)?.code;
  const timedOut =
    name === "TimeoutError" ||
    name === "AbortError" ||
    e instanceof undiciErrors.HeadersTimeoutError ||
    e instanceof undiciErrors.BodyTimeoutError ||
    e instanceof undiciErrors.ConnectTimeoutError;
  return {
    timedOut,
    neverSent: code === "ECONNREFUSED",
    detail: `${name}${typeof code === "string" ? ` ${code}` : ""}: ${message}`,
  };
}
