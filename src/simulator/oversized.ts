/**
 * The `oversized` fault: a real answer padded to a given size and streamed, so the simulator can
 * send hundreds of megabytes without holding them, and stops as soon as the client hangs up.
 */
import type { ServerResponse } from "node:http";

const CHUNK = Buffer.alloc(64 * 1024, "x");

/** Waits until the socket takes more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Writes `body` (an object) with a `padding` string field that makes it `size` bytes of valid
 * JSON, so a client that reads it all gets the right answer and only a size limit tells. Returns
 * the bytes written before the end or the client's hang-up.
 */
export async function streamOversized(
  res: ServerResponse,
  body: unknown,
  o: { size: number; declareLength: boolean; headers: Record<string, string> },
): Promise<number> {
  const json = JSON.stringify(body);
  const open = json.endsWith("}") ? json.slice(0, -1) : `{"answer":${json}`;
  const head = `${open}${open.length > 1 ? "," : ""}"padding":"`;
  const tail = '"}';
  const pad = Math.max(0, o.size - Buffer.byteLength(head) - tail.length);
  res.writeHead(200, {
    "content-type": "application/json;charset=UTF-8",
    ...o.headers,
    ...(o.declareLength ? { "content-length": Buffer.byteLength(head) + pad + tail.length } : {}),
  });
  let sent = Buffer.byteLength(head);
  res.write(head);
  for (let left = pad; left > 0 && !res.destroyed; ) {
    const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    left -= piece.length;
    sent += piece.length;
    if (!res.write(piece)) await drained(res);
  }
  if (res.destroyed) return sent;
  res.end(tail);
  return sent + tail.length;
}
