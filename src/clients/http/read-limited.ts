/** Reading an answer body with a size limit, without buffering what is past it. */

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
