import type { Logger } from "pino";
import type { Command } from "../core/command.ts";
import type { Reply } from "../core/reply.ts";
import type { Alerting } from "./alerts/alerting.ts";
import type { CdnPort } from "./cdn-port.ts";
import type { RequestContext } from "./context.ts";
import type { ChartPort, CommandMetrics, OmsPort } from "./ports.ts";
import type { StatsCache } from "./stats-cache.ts";
import type { TaskDirectory } from "./task-directory.ts";

/** What handlers may call: ports only, never a chat SDK. */
export interface AppDeps {
  oms: OmsPort;
  charts: ChartPort;
  tasks: TaskDirectory;
  logger: Logger;
  /** `stats` answers kept a minute (stats-cache.ts); absent: every request is answered afresh. */
  statsCache?: StatsCache<Reply>;
  /** Alerts and digests: their store, outbound chat and services. */
  alerting?: Alerting;
  /** BOT_ADMINS: who may change alerts and digests; empty = everyone. Decided here, once. */
  admins?: ReadonlySet<string>;
  /** Commands counted and timed by name and outcome; none in tests that do not look. */
  metrics?: CommandMetrics;
  /** SenseCore ADS data-sync tasks; absent when the ADS_* settings are not set. */
  ads?: import("./ads-port.ts").AdsPort;
  /** CDN statistics export tasks; absent when CDN is not configured (CDN_DOMAIN_ID + AK/SK). */
  cdn?: CdnPort;
}

export type Handler<N extends Command["name"]> = (
  cmd: Extract<Command, { name: N }>,
  ctx: RequestContext,
  deps: AppDeps,
) => Promise<Reply>;
