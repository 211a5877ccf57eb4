/**
 * What the bot posts on its own goes out through one queue per channel: in order, about one
 * message a second (Slack's chat.postMessage allows ~1 per second per channel with short bursts,
 * https://api.slack.com/methods/chat.postMessage#rate_limiting), so a burst of incidents arrives
 * complete and in order instead of being throttled half-way. 429s themselves are waited out by
 * @slack/web-api (Retry-After) inside each call; a call that still fails rejects its caller, who
 * keeps the work in the store and tries again at the next run.
 */
import type { OutboundChat, OutboundMessage, PostedRef } from "./ports.ts";

export interface SendQueueOptions {
  /** Gap between two sends to one channel. Default 1000 ms. */
  minIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ChannelQueues {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly lastSent = new Map<string, number>();
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(o: SendQueueOptions = {}) {
    this.minIntervalMs = o.minIntervalMs ?? 1000;
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? realSleep;
  }

  /** Runs `send` after everything queued for the channel before it, spaced by the interval. */
  run<T>(channelId: string, send: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(channelId) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined) // the earlier send's caller handles its failure; order is what matters here
      .then(async () => {
        const wait = (this.lastSent.get(channelId) ?? -Infinity) + this.minIntervalMs - this.now();
        if (wait > 0) await this.sleep(wait);
        try {
          return await send();
        } finally {
          this.lastSent.set(channelId, this.now());
        }
      });
    this.tails.set(channelId, mine);
    // Forget an idle channel so the maps do not grow with every channel ever posted to.
    void mine
      .finally(() => {
        if (this.tails.get(channelId) === mine) this.tails.delete(channelId);
      })
      .catch(() => undefined);
    return mine;
  }

  /** Resolves when everything queued so far has been sent or has failed. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }
}

/** An OutboundChat whose posts, replies, updates and uploads keep each channel's order and pace. */
export function queuedOutbound(chat: OutboundChat, queues: ChannelQueues): OutboundChat {
  return {
    postRoot: (channelId, m: OutboundMessage) =>
      queues.run(channelId, () => chat.postRoot(channelId, m)),
    replyInThread: (root: PostedRef, m) =>
      queues.run(root.channelId, () => chat.replyInThread(root, m)),
    update: (ref, m) => queues.run(ref.channelId, () => chat.update(ref, m)),
    upload: (channelId, file, opts) =>
      queues.run(channelId, () => chat.upload(channelId, file, opts)),
    canPost: (channelId) => chat.canPost(channelId),
    findRoot: (channelId, eventType, match, sinceMs) =>
      chat.findRoot(channelId, eventType, match, sinceMs),
  };
}
