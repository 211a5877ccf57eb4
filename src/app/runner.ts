/** Command text + context → Reply. The one entry point every chat adapter drives. */
import { type Command, type CommandName, STATE_CHANGING } from "../core/command.ts";
import { helpText } from "../core/help.ts";
import { parseCommand } from "../core/parse-command.ts";
import type { Reply } from "../core/reply.ts";
import { OmsbotError, toOmsbotError, USER_ERROR_CODES } from "../errors.ts";
import { shortId } from "../logger.ts";
import {
  alertAck,
  alertAdd,
  alertList,
  alertMute,
  alertRemove,
  alertUnmute,
} from "./alerts/alert-commands.ts";
import type { CommandRunner, RequestContext } from "./context.ts";
import type { AppDeps, Handler } from "./deps.ts";
import { digestAdd, digestList, digestRemove, digestRun } from "./digests/digest-commands.ts";
import { errorReply } from "./error-reply.ts";
import { exportsHandler } from "./handlers/exports.ts";
import { listHandler } from "./handlers/list.ts";
import { statsHandler } from "./handlers/stats.ts";
import { taskHandler } from "./handlers/task.ts";
import { HomeOverview } from "./home.ts";
import type { CommandOutcome } from "./ports.ts";

/** Every command has a handler: a command added to the grammar without one is a type error. */
const HANDLERS: { [N in CommandName]: Handler<N> } = {
  help: async (cmd) => {
    const text = helpText(cmd.topic);
    return { visibility: "ephemeral", text, blocks: [{ kind: "section", text }], files: [] };
  },
  list: listHandler,
  task: taskHandler,
  stats: statsHandler,
  "alert.add": alertAdd,
  "alert.list": alertList,
  "alert.remove": alertRemove,
  "alert.mute": alertMute,
  "alert.unmute": alertUnmute,
  "alert.ack": alertAck,
  "digest.add": digestAdd,
  "digest.list": digestList,
  "digest.remove": digestRemove,
  "digest.run": digestRun,
  exports: exportsHandler,
};

function dispatch(cmd: Command, ctx: RequestContext, deps: AppDeps): Promise<Reply> {
  // TypeScript cannot pair HANDLERS[cmd.name] with cmd's own type; the table's type guarantees it.
  const handler = HANDLERS[cmd.name] as Handler<CommandName>;
  return handler(cmd as never, ctx, deps);
}

/** BOT_ADMINS, decided here for every adapter and the scheduler: empty means everyone. */
export function isAdmin(deps: AppDeps, userId: string): boolean {
  return !deps.admins || deps.admins.size === 0 || deps.admins.has(userId);
}

/** Said in every reply when a Slack workspace is served the simulator's demo tasks (OMSBOT_DEMO). */
export const DEMO_NOTE =
  "Demo data: these tasks come from the bot's built-in simulator, not from Huawei Cloud (OMSBOT_DEMO is set).";

function markDemo(reply: Reply): Reply {
  return {
    ...reply,
    text: `${reply.text}\n_(demo data)_`,
    blocks: [...reply.blocks, { kind: "context", text: DEMO_NOTE }],
  };
}

export interface RunnerOptions {
  /** Every reply and the Home view say "demo data". */
  demo?: boolean;
}

export function createCommandRunner(deps: AppDeps, options: RunnerOptions = {}): CommandRunner {
  const home = new HomeOverview(deps);
  const run: CommandRunner["run"] = async (text, ctx) => {
    const started = performance.now();
    // One child per command: the handler's own lines carry the same `cmd` as the summary line.
    const logger = deps.logger.child({ cmd: shortId() });
    const fields = { user: ctx.userId, channel: ctx.channelId, source: ctx.source };
    let name = "unparsed";
    const done = (outcome: CommandOutcome, extra: Record<string, unknown> = {}) => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics?.commandHandled(name, outcome, seconds);
      // The one line per command (adapters do not log it again).
      logger.info(
        { command: name, ...fields, outcome, ms: Math.round(seconds * 1000), ...extra },
        "command handled",
      );
    };
    try {
      const cmd = parseCommand(text);
      name = cmd.name;
      if (
        STATE_CHANGING.has(cmd.name) &&
        !(deps.admins ? isAdmin(deps, ctx.userId) : ctx.isAdmin)
      ) {
        throw new OmsbotError(
          "FORBIDDEN_USER",
          "Only the bot's admins can add, remove or mute alerts and digests here. Ask one of them; `alert list` and `digest list` work for everyone.",
        );
      }
      const reply = await dispatch(cmd, ctx, { ...deps, logger });
      done("ok");
      return reply;
    } catch (e) {
      const code = toOmsbotError(e).code;
      const reply = errorReply(e, logger, { command: name, ...fields });
      done(USER_ERROR_CODES.has(code) ? "user_error" : "error", { code });
      return reply;
    }
  };
  return {
    async run(text, ctx) {
      const reply = await run(text, ctx);
      return options.demo ? markDemo(reply) : reply;
    },
    async home(ctx) {
      const blocks = await home.blocks(ctx);
      return options.demo ? [{ kind: "context", text: DEMO_NOTE }, ...blocks] : blocks;
    },
  };
}
