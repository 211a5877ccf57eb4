/**
 * Each user's IANA timezone from `users.info` (scope users:read,
 * https://api.slack.com/methods/users.info), cached: a user's tz rarely changes and users.info
 * is Tier 4 (~100/min). A failure is not fatal: the default timezone is used and logged.
 */
import type { Logger } from "pino";
import { isValidTimeZone } from "../../core/zoned-time.ts";
import { slackErrorCode } from "./slack-errors.ts";
import { TtlCache } from "./ttl-cache.ts";

export interface UsersInfoClient {
  users: {
    info(args: { user: string }): Promise<{ user?: { tz?: string } }>;
  };
}

export interface UserTzOptions {
  defaultTz: string;
  logger: Logger;
  onError?: (code: string) => void;
  ttlMs?: number;
  /** After a failure, ask again only after this long (not on every command). */
  failureTtlMs?: number;
  maxSize?: number;
  clock?: () => number;
}

export class UserTimezones {
  private readonly cache: TtlCache<string, string>;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly client: UsersInfoClient,
    private readonly opts: UserTzOptions,
  ) {
    this.cache = new TtlCache(opts.ttlMs ?? 3_600_000, opts.maxSize ?? 5000, opts.clock);
  }

  /** The user's timezone; concurrent asks for one user share one users.info call. */
  get(userId: string): Promise<string> {
    const hit = this.cache.get(userId);
    if (hit) return Promise.resolve(hit);
    const inFlight = this.pending.get(userId);
    if (inFlight) return inFlight;
    const p = this.lookup(userId).finally(() => this.pending.delete(userId));
    this.pending.set(userId, p);
    return p;
  }

  private async lookup(userId: string): Promise<string> {
    try {
      const res = await this.client.users.info({ user: userId });
      const tz = res.user?.tz;
      if (tz && isValidTimeZone(tz)) {
        this.cache.set(userId, tz);
        return tz;
      }
      this.opts.logger.warn({ userId, tz }, "users.info gave no usable tz; using the default");
      this.cache.set(userId, this.opts.defaultTz);
      return this.opts.defaultTz;
    } catch (e) {
      const code = slackErrorCode(e);
      this.opts.onError?.(code);
      this.opts.logger.warn(
        { userId, slackError: code, method: "users.info" },
        "users.info failed; using the default timezone",
      );
      this.cache.set(userId, this.opts.defaultTz, this.opts.failureTtlMs ?? 300_000);
      return this.opts.defaultTz;
    }
  }
}
