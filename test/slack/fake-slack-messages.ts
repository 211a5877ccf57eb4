/**
 * What the fake Slack keeps of the messages the bot posts, so that chat.update,
 * conversations.history (with message metadata) and conversations.info answer as Slack does:
 * an update of a deleted or unknown message is `message_not_found`; history lists a channel's
 * top-level messages newest first, with metadata only when `include_all_metadata` is set.
 */
type Params = Record<string, unknown>;

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** How many times chat.update rewrote it. */
  updates: number;
}

function json(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export class FakeChannels {
  readonly messages: StoredMessage[] = [];
  private readonly deleted = new Set<string>();
  private readonly outsiders = new Set<string>();

  post(p: Params, channel: string, ts: string): void {
    const metadata = json(p.metadata) as StoredMessage["metadata"] | undefined;
    this.messages.push({
      channel,
      ts,
      ...(typeof p.thread_ts === "string" ? { threadTs: p.thread_ts } : {}),
      text: typeof p.text === "string" ? p.text : "",
      blocks: json(p.blocks),
      ...(metadata ? { metadata } : {}),
      updates: 0,
    });
  }

  update(p: Params, channel: string | undefined): Params {
    const m = this.find(channel, p.ts);
    if (!m) return { ok: false, error: "message_not_found" };
    m.text = typeof p.text === "string" ? p.text : m.text;
    m.blocks = json(p.blocks) ?? m.blocks;
    m.updates += 1;
    return { ok: true, channel, ts: m.ts, text: m.text };
  }

  history(p: Params, channel: string | undefined): Params {
    if (!channel || this.outsiders.has(channel)) return { ok: false, error: "not_in_channel" };
    const oldest = Number(p.oldest ?? 0);
    const withMeta = p.include_all_metadata === true || p.include_all_metadata === "true";
    const messages = this.messages
      .filter((m) => m.channel === channel && !m.threadTs && !this.isDeleted(m))
      .filter((m) => Number(m.ts) >= oldest)
      .reverse()
      .map((m) => ({
        type: "message",
        ts: m.ts,
        text: m.text,
        ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
      }));
    return { ok: true, messages, has_more: false };
  }

  info(channel: string | undefined): Params {
    if (!channel) return { ok: false, error: "channel_not_found" };
    return {
      ok: true,
      channel: {
        id: channel,
        is_im: channel.startsWith("D"),
        is_member: !this.outsiders.has(channel),
        is_archived: false,
      },
    };
  }

  /** As if someone deleted the message in Slack. */
  remove(channel: string, ts: string): void {
    this.deleted.add(`${channel}:${ts}`);
  }

  /** The bot is not a member of `channel` (conversations.info says so; history is refused). */
  notMember(channel: string): void {
    this.outsiders.add(channel);
  }

  inChannel(channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel && !this.isDeleted(m));
  }

  private find(channel: string | undefined, ts: unknown): StoredMessage | undefined {
    const m = this.messages.find((x) => x.channel === channel && x.ts === ts);
    return m && !this.isDeleted(m) ? m : undefined;
  }

  private isDeleted(m: StoredMessage): boolean {
    return this.deleted.has(`${m.channel}:${m.ts}`);
  }
}
