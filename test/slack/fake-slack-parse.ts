/** What the fake Slack parses and checks: Web API bodies, multipart uploads, Block Kit limits. */

type Params = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Web API bodies: form-encoded with JSON-encoded nested values (what @slack/web-api sends), or JSON. */
export function parseParams(raw: Buffer, contentType: string | undefined): Params {
  const text = raw.toString("utf8");
  if (contentType?.startsWith("application/json"))
    return (JSON.parse(text || "{}") as Params) ?? {};
  const out: Params = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** The bytes of the first part that carries a file in a multipart/form-data body. */
export function parseMultipart(raw: Buffer, contentType: string | undefined): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? "");
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return undefined;
  const delim = Buffer.from(`--${b}`);
  let start = raw.indexOf(delim);
  while (start !== -1) {
    const headStart = start + delim.length + 2; // skip CRLF
    const headEnd = raw.indexOf("\r\n\r\n", headStart);
    if (headEnd === -1) return undefined;
    const next = raw.indexOf(delim, headEnd);
    if (next === -1) return undefined;
    const headers = raw.subarray(headStart, headEnd).toString("utf8");
    if (/filename=/i.test(headers)) return Buffer.from(raw.subarray(headEnd + 4, next - 2));
    start = next;
  }
  return undefined;
}

/** Block Kit limits as Slack enforces them; a message over any of them is `invalid_blocks`. */
export function checkMessage(p: Params, maxBlocks: number): string | undefined {
  if (!str(p.text) && !Array.isArray(p.blocks)) return "no text or blocks";
  return Array.isArray(p.blocks) ? checkBlocks(p.blocks, maxBlocks) : undefined;
}

type AnyBlock = {
  type?: string;
  text?: { text?: string };
  fields?: Array<{ text?: string }>;
  elements?: Array<{
    type?: string;
    text?: { text?: string } | string;
    value?: string;
    action_id?: string;
  }>;
};

export function checkBlocks(blocks: unknown[], maxBlocks: number): string | undefined {
  if (blocks.length > maxBlocks) return `${blocks.length} blocks > ${maxBlocks}`;
  const ids = new Set<string>();
  for (const raw of blocks) {
    const b = raw as AnyBlock;
    if (b.type === "header" && (b.text?.text?.length ?? 0) > 150) return "header > 150";
    if (b.type === "section") {
      if (b.text && ((b.text.text?.length ?? 0) > 3000 || !b.text.text))
        return "section text empty or > 3000";
      if ((b.fields?.length ?? 0) > 10) return "fields > 10";
      if (b.fields?.some((f) => (f.text?.length ?? 0) > 2000)) return "field > 2000";
    }
    if (b.type === "actions") {
      if ((b.elements?.length ?? 0) > 25) return "actions > 25";
      for (const e of b.elements ?? []) {
        if ((e.value?.length ?? 0) > 2000) return "button value > 2000";
        if (e.action_id) {
          if (ids.has(e.action_id)) return `duplicate action_id ${e.action_id}`;
          ids.add(e.action_id);
        }
      }
    }
  }
  return undefined;
}
