/**
 * The answer-size guard: a body is read with a size limit, without buffering what is past it,
 * and an answer over the limit becomes one coded error.
 */
import { formatBytes } from "../../core/format.ts";
import { OmsbotError } from "../../errors.ts";

/**
 * The largest OMS answer is a statistics window: 5 types × 1000 points (seeds 000/001), well under
 * 1 MiB, and a list page of 100 tasks is smaller still. 16 MiB leaves room for any honest answer
 * while a runaway one (a proxy's error page, a server bug) is stopped before it fills the heap.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Reads a body up to `limit` bytes. Past that it stops and destroys the stream, so the rest is
 * never downloaded: undici closes the connection rather than draining it.
 */
export async function readLimited(
  body: AsyncIterable<Uint8Array> & { destroy(): unknown },
  limit: number,
): Promise<{ ok: true; text: string } | { ok: false; bytesRead: number }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      body.destroy();
      return { ok: false, bytesRead: size };
    }
    chunks.push(chunk);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString("utf8") };
}

/** An answer refused for its size: the limit, its content-length (NaN when none), bytes read. */
export interface TooLarge {
  ok: false;
  limit: number;
  declared: number;
  bytesRead: number;
}

/**
 * An answer's body within `limit`: refused unread when its content-length is already over, else
 * read up to the limit.
 */
export async function readAnswerBody(
  res: {
    headers: Record<string, string | string[] | undefined>;
    body: AsyncIterable<Uint8Array> & { destroy(): unknown };
  },
  limit: number,
): Promise<{ ok: true; text: string } | TooLarge> {
  const declared = Number(res.headers["content-length"]);
  if (declared > limit) {
    res.body.destroy();
    return { ok: false, limit, declared, bytesRead: 0 };
  }
  const read = await readLimited(res.body, limit);
  return read.ok ? read : { ok: false, limit, declared, bytesRead: read.bytesRead };
}

export function tooLargeError(
  service: string,
  what: string,
  status: number,
  { limit, declared, bytesRead }: TooLarge,
): OmsbotError {
  const size = Number.isFinite(declared)
    ? `content-length ${declared} bytes`
    : `stopped after reading ${bytesRead} bytes`;
  return new OmsbotError(
    "API_BAD_ANSWER",
    `${service} sent an answer too large to read (over ${formatBytes(limit)}).`,
    {
      detail: `${what}: HTTP ${status} answer over the ${limit}-byte limit (${size})`,
      status,
    },
  );
}
