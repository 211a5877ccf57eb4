/**
 * How SenseCore ADS tasks read in `list` and `task`. Everything from ADS (names, IDs, paths,
 * states, rates, error messages) goes through mrkdwnText/mrkdwnCode here, as task-text.ts does
 * for OMS. A task's `src_third_info` keys never got this far: the client dropped them.
 */
import {
  type AdsPath,
  type AdsTask,
  isKnownAdsState,
  KNOWN_ADS_STATES,
  type KnownAdsState,
} from "../../core/ads-domain.ts";
import { adsDisplayName } from "../../core/ads-task-ref.ts";
import { formatCount, mrkdwnCode, mrkdwnText } from "../../core/format.ts";
import type { Reply, ReplyBlock } from "../../core/reply.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import type { RequestContext } from "../context.ts";

const STATE_ICON: Record<KnownAdsState, string> = {
  SCANNING: ":mag:",
  DOING: ":large_blue_circle:",
  PAUSED: ":double_vertical_bar:",
  COMPLETED: ":white_check_mark:",
  FAILED: ":x:",
  CANCELLED: ":no_entry_sign:",
};

export function adsStateIcon(state: string): string {
  return isKnownAdsState(state) ? STATE_ICON[state] : ":white_circle:";
}

/** The state as ADS sent it (known or not), safe in mrkdwn. */
export function adsStateWord(state: string): string {
  return mrkdwnText(state);
}

export function adsName(t: AdsTask): string {
  return mrkdwnText(adsDisplayName(t));
}

function percentText(t: AdsTask): string {
  return t.percent === null ? "?%" : `${Math.round(t.percent * 10) / 10}%`;
}

/** "558,000 of 900,000 files (1,204 already there)". */
export function adsCountsText(t: AdsTask): string {
  const done = t.completeNum === null ? "?" : formatCount(t.completeNum);
  const total = t.totalNum === null ? "?" : formatCount(t.totalNum);
  const exist = t.existNum ? ` (${formatCount(t.existNum)} already there)` : "";
  return `${done} of ${total} files${exist}`;
}

/** "62% · 33.2MB/s · 558,000 of 900,000 files". */
export function adsProgressText(t: AdsTask): string {
  const rate = t.rate ? ` · ${mrkdwnText(t.rate)}` : "";
  return `${percentText(t)}${rate} · ${adsCountsText(t)}`;
}

function pathText(p: AdsPath): string {
  const where = `${p.name || p.id || "?"}${p.prefix ? `/${p.prefix.replace(/^\/+/, "")}` : ""}`;
  return `${mrkdwnCode(where)}${p.region ? ` (${mrkdwnText(p.region)})` : ""}`;
}

function sourceText(t: AdsTask): string {
  const parts = t.sources.map(pathText);
  if (t.thirdParty) {
    const tp = t.thirdParty;
    parts.push(
      `${mrkdwnText(tp.type || "third-party")} · ${mrkdwnText(tp.host || "?")}${tp.path ? ` · ${mrkdwnCode(tp.path)}` : ""}`,
    );
  }
  return parts.length > 0 ? parts.join(", ") : "unknown";
}

/** The `list` section: tasks by state, seed 004's order first, then states ADS added. */
export function adsListBlocks(tasks: readonly AdsTask[], tz: string): ReplyBlock[] {
  const blocks: ReplyBlock[] = [{ kind: "header", text: `SenseCore ADS tasks (${tasks.length})` }];
  if (tasks.length === 0) {
    blocks.push({ kind: "section", text: "No SenseCore ADS tasks right now." });
    return blocks;
  }
  const known: readonly string[] = KNOWN_ADS_STATES;
  const others = [...new Set(tasks.map((t) => t.state))].filter((s) => !known.includes(s)).sort();
  for (const state of [...known, ...others]) {
    const group = tasks
      .filter((t) => t.state === state)
      .sort((a, b) => adsDisplayName(a).localeCompare(adsDisplayName(b)));
    if (group.length === 0) continue;
    blocks.push({
      kind: "section",
      text: `${adsStateIcon(state)} *${adsStateWord(state)}* (${group.length})`,
    });
    const lines = group.map((t) => {
      const when = t.started ? ` — started ${formatZoned(t.started, tz)}` : "";
      return `• *${adsName(t)}* ${mrkdwnCode(t.id.slice(0, 12))} — ${adsProgressText(t)}${when}`;
    });
    blocks.push({ kind: "section", text: lines.join("\n") });
  }
  return blocks;
}

/** "62 DOING, 1 FAILED" for the reply's text. */
export function adsCountsByState(tasks: readonly AdsTask[]): string {
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return [...counts.entries()].map(([s, n]) => `${n} ${adsStateWord(s)}`).join(", ");
}

/** `task <ads task>`: the card. */
export function adsTaskReply(t: AdsTask, ctx: RequestContext, notes: string[] = []): Reply {
  const name = adsName(t);
  const state = adsStateWord(t.state);
  const failed = t.state === "FAILED" || (t.errMsg !== null && t.state !== "COMPLETED");
  const text = `${adsStateIcon(t.state)} *${name}* (SenseCore ADS task) is ${state}: ${adsProgressText(t)}.`;
  const blocks: ReplyBlock[] = [
    // A header is plain text in Slack, so the raw name is safe there.
    { kind: "header", text: adsDisplayName(t) },
    {
      kind: "section",
      text: `${adsStateIcon(t.state)} *${state}* · SenseCore ADS task · ${mrkdwnCode(t.id)}`,
    },
    ...(failed && t.errMsg
      ? [{ kind: "section" as const, text: `:x: *Error:* ${mrkdwnText(t.errMsg)}` }]
      : []),
    {
      kind: "fields",
      fields: [
        { label: "Source", value: sourceText(t) },
        { label: "Destination", value: t.destination ? pathText(t.destination) : "unknown" },
        { label: "Type", value: t.type ? mrkdwnCode(t.type) : "unknown" },
        {
          label: "Size",
          value: t.size === null ? "unknown" : `${t.size} ${mrkdwnText(t.sizeUnit ?? "")}`.trim(),
        },
        { label: "Progress", value: `${percentText(t)} · ${adsCountsText(t)}` },
        { label: "Rate", value: t.rate ? mrkdwnText(t.rate) : "unknown" },
        { label: "Started", value: t.started ? formatZoned(t.started, ctx.tz) : "not yet" },
        {
          label: "Ended",
          value: t.ended ? formatZoned(t.ended, ctx.tz) : "not yet",
        },
        { label: "Time cost", value: t.timeCost ? mrkdwnText(t.timeCost) : "unknown" },
      ],
    },
    { kind: "context", text: [`Times in ${mrkdwnText(ctx.tz)}.`, ...notes].join(" · ") },
    {
      kind: "buttons",
      buttons: [
        {
          label: "Show progress (24h)",
          actionId: "task.chart",
          command: `stats ${t.id} last 24h`,
          style: "primary",
        },
      ],
    },
  ];
  return { visibility: "channel", text, blocks, files: [] };
}
