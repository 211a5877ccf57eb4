/**
 * A CommandRunner with canned answers, for the Slack adapter's tests and bench:
 * `stats …` → a channel reply with fields, a Refresh button and a real PNG (after burning
 * the CPU for `busyMs`, for the bench); `bogus` → an
 * ephemeral error; `bigreply` → 120 blocks; `slow` → 5 s then a channel reply; `help` →
 * ephemeral; anything else → a channel text reply.
 */
import { Resvg } from "@resvg/resvg-js";
import type { CommandRunner, RequestContext } from "../../src/app/context.ts";
import type { Reply, ReplyBlock } from "../../src/core/reply.ts";

export const PNG_WIDTH = 64;
export const PNG_HEIGHT = 32;

let cachedPng: Uint8Array | undefined;

/** A small, valid PNG rendered from an SVG (not a hand-made byte string). */
export function testPng(): Uint8Array {
  cachedPng ??= new Uint8Array(
    new Resvg(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${PNG_WIDTH}" height="${PNG_HEIGHT}"><rect width="100%" height="100%" fill="#fff"/><rect x="4" y="8" width="20" height="20" fill="#2a7"/><rect x="30" y="4" width="20" height="24" fill="#c33"/></svg>`,
    )
      .render()
      .asPng(),
  );
  return cachedPng;
}

/** Width and height from a PNG's IHDR chunk; throws if the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error("not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR")
    throw new Error("PNG without IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export interface FakeRunner extends CommandRunner {
  runs: Array<{ text: string; ctx: RequestContext }>;
  homes: RequestContext[];
}

export function fakeRunner(opts: { busyMs?: number; slowMs?: number } = {}): FakeRunner {
  const runs: FakeRunner["runs"] = [];
  const homes: RequestContext[] = [];
  return {
    runs,
    homes,
    async run(text, ctx): Promise<Reply> {
      runs.push({ text, ctx });
      const [word = "", ...rest] = text.trim().split(/\s+/);
      switch (word) {
        case "stats":
          if (opts.busyMs) burnCpu(opts.busyMs);
          return statsReply(rest[0] ?? "task1");
        case "bogus":
          return {
            visibility: "ephemeral",
            text: "I don't know `bogus`. Try `/oms help`.",
            blocks: [{ kind: "section", text: "I don't know `bogus`. Try `/oms help`." }],
            files: [],
            isError: true,
          };
        case "bigreply":
          return {
            visibility: "channel",
            text: "A long list",
            blocks: Array.from(
              { length: 120 },
              (_, i): ReplyBlock => ({ kind: "section", text: `line ${i + 1}` }),
            ),
            files: [],
          };
        case "slow":
          await new Promise((r) => setTimeout(r, opts.slowMs ?? 5000));
          return { visibility: "channel", text: "slow done", blocks: [], files: [] };
        case "help":
          return {
            visibility: "ephemeral",
            text: "Usage: `/oms stats <task>`",
            blocks: [],
            files: [],
          };
        default:
          return { visibility: "channel", text: `ran: ${text}`, blocks: [], files: [] };
      }
    },
    async home(ctx) {
      homes.push(ctx);
      return [
        { kind: "header", text: "omsbot" },
        { kind: "section", text: `Hello <@${ctx.userId}>, your timezone is ${ctx.tz}.` },
        {
          kind: "buttons",
          buttons: [{ label: "List tasks", actionId: "home.list", command: "list" }],
        },
      ];
    },
  };
}

/** CPU-bound on purpose: the bench checks that the ack does not wait for work like this. */
function burnCpu(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

function statsReply(task: string): Reply {
  return {
    visibility: "channel",
    text: `*${task}*: 10 requests, 9 succeeded, 1 failed (last 6h)`,
    blocks: [
      { kind: "header", text: `Statistics for ${task}` },
      {
        kind: "fields",
        fields: [
          { label: "Requests", value: "10" },
          { label: "Failures", value: "1" },
        ],
      },
      {
        kind: "buttons",
        buttons: [
          { label: "Refresh", actionId: "stats.refresh", command: `stats ${task} last 6h` },
        ],
      },
    ],
    files: [
      {
        filename: `${task}-stats.png`,
        title: `${task} statistics`,
        mimeType: "image/png",
        data: testPng(),
      },
    ],
  };
}
