/**
 * A thin step in front of Bolt's HTTPReceiver for `POST /slack/events`. It reads the body once
 * (Bolt reuses `req.rawBody` when it is already a Buffer) and:
 * - answers 400 to a body Bolt would parse into something that is not an object. Bolt 5.1 reads
 *   `body.ssl_check` off whatever JSON.parse returned, so a signed `null` threw inside its
 *   request handler: an unhandled rejection, and a connection left without an answer; `[]`, `1`,
 *   `"x"` waited 3 s for an ack that could never come, then got a 404;
 * - answers 503 to events while the adapter is stopping, so that Slack sends them again later
 *   (it retries events that got no 2xx: https://api.slack.com/apis/events-api#retries) instead
 *   of them being acked and lost. Commands and clicks go on to Bolt, which answers them with a
 *   "restarting" note (stopping.ts);
 * - keeps Bolt's body limit (413), since Bolt no longer reads the stream itself.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { HTTPReceiver } from "@slack/bolt";
import type { Logger } from "pino";

/** Bolt's own default (HTTPModuleFunctions.defaultBodyLimit). */
export const BODY_LIMIT = 4 * 1024 * 1024;

export interface GuardOptions {
  endpoint: string;
  isStopping: () => boolean;
  logger: Logger;
  bodyLimit?: number;
}

export function guardRequests(receiver: HTTPReceiver, opts: GuardOptions): void {
  const bolt: RequestListener = receiver.requestListener;
  const limit = opts.bodyLimit ?? BODY_LIMIT;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== opts.endpoint) {
      // Synchronously, so that Bolt's own 404 for unknown paths (a throw) still works.
      bolt(req, res);
      return;
    }
    readBody(req, limit).then(
      (raw) => {
        if (raw === "too_large") return answer(res, 413);
        const body = parsedLikeBolt(raw, req.headers["content-type"]);
        if (body === UNPARSABLE) {
          // Bolt answers this itself (401 unsigned, 400 malformed): hand it over.
        } else if (typeof body !== "object" || body === null || Array.isArray(body)) {
          opts.logger.warn(
            { bodyType: body === null ? "null" : Array.isArray(body) ? "array" : typeof body },
            "refused a Slack request whose body is not an object",
          );
          return answer(res, 400);
        } else if (opts.isStopping() && (body as { type?: unknown }).type === "event_callback") {
          res.writeHead(503, { "retry-after": "60" }).end();
          return;
        }
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
        bolt(req, res);
      },
      (e: unknown) => {
        opts.logger.warn({ err: e instanceof Error ? e.message : String(e) }, "request not read");
        if (!res.headersSent) answer(res, 400);
      },
    );
  };
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too_large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const UNPARSABLE = Symbol("unparsable");

/** What HTTPModuleFunctions.parseHTTPRequestBody (Bolt 5.1) would return, or UNPARSABLE. */
function parsedLikeBolt(raw: Buffer, contentType: string | undefined): unknown {
  try {
    const text = raw.toString();
    // Bolt reads a form only for exactly this content type (see slack-notes, Bolt 5).
    if (contentType === "application/x-www-form-urlencoded") {
      const form = parseQuery(text);
      return typeof form.payload === "string" ? JSON.parse(form.payload) : form;
    }
    return JSON.parse(text);
  } catch {
    return UNPARSABLE;
  }
}
