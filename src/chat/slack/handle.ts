/**
 * What every Slack entry point shares: one RequestContext per request (bolt-js style), running
 * the command through the CommandRunner, delivering the Reply, and counting the delivery. The
 * runner counts and logs the command itself, under the name it parsed.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { CommandRunner, RequestContext } from "../../app/context.ts";
import { type Reply, textReply } from "../../core/reply.ts";
import { toOmsbotError } from "../../errors.ts";
import type { BackgroundTasks } from "./background.ts";
import { type DeliveryOutcome, type Destination, deliver } from "./deliver.ts";
import type { SlackMetrics } from "./metrics.ts";
import type { UserTimezones } from "./user-tz.ts";

export interface AdapterDeps {
  runner: CommandRunner;
  client: WebClient;
  logger: Logger;
  metrics: SlackMetrics;
  timezones: UserTimezones;
  admins: ReadonlySet<string>;
  now: () => number;
  tasks: BackgroundTasks;
  /** After this long without a result, a slash command's asker gets a "working on it" note. */
  workingNoticeMs: number;
}

export async function buildContext(
  deps: AdapterDeps,
  args: { userId: string; channelId?: string; source: RequestContext["source"] },
): Promise<RequestContext> {
  const tz = await deps.timezones.get(args.userId);
  return {
    userId: args.userId,
    tz,
    now: deps.now(),
    ...(args.channelId ? { channelId: args.channelId } : {}),
    // BOT_ADMINS empty = everyone may change alerts and digests (DESIGN.md, Contracts).
    isAdmin: deps.admins.size === 0 || deps.admins.has(args.userId),
    source: args.source,
  };
}

/** Runs `text` and delivers the reply; never throws (failures are logged and counted). */
export async function runAndDeliver(
  deps: AdapterDeps,
  text: string,
  ctx: RequestContext,
  dest: Destination,
): Promise<DeliveryOutcome> {
  const log = deps.logger.child({
    userId: ctx.userId,
    channelId: ctx.channelId,
    source: ctx.source,
  });
  let reply: Reply;
  try {
    reply = await deps.runner.run(text, ctx);
  } catch (e) {
    // The runner promises not to throw; if it does anyway, the asker still gets an answer.
    const err = toOmsbotError(e);
    log.error({ code: err.code, detail: err.detail }, "command runner threw");
    // userMessage is mrkdwn-safe by contract (errors.ts): what it quotes was escaped where it was made.
    reply = { ...textReply(err.userMessage, "ephemeral"), isError: true };
  }
  const outcome = await deliver(
    { client: deps.client, logger: log, metrics: deps.metrics },
    reply,
    dest,
  );
  // No "command handled" line here: the runner logs each command once, and deliver() logs
  // a reply that did not arrive.
  deps.metrics.replied(ctx.source, outcome);
  return outcome;
}

/** Seconds since `receivedAt` (performance.now() taken when the request arrived), if known. */
export function observeAck(deps: AdapterDeps, receivedAt: unknown): void {
  if (typeof receivedAt === "number")
    deps.metrics.ackSeconds.observe((performance.now() - receivedAt) / 1000);
}
