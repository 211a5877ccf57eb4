/** Command text + context → Reply. The one entry point every chat adapter drives. */
import { type Command, STATE_CHANGING } from "../core/command.ts";
import { helpText } from "../core/help.ts";
import { parseCommand } from "../core/parse-command.ts";
import type { Reply } from "../core/reply.ts";
import { OmsbotError } from "../errors.ts";
import type { CommandRunner, RequestContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { errorReply } from "./error-reply.ts";
import { listHandler } from "./handlers/list.ts";
import { notYetReply } from "./handlers/not-yet.ts";
import { statsHandler } from "./handlers/stats.ts";
import { taskHandler } from "./handlers/task.ts";
import { HomeOverview } from "./home.ts";

async function dispatch(cmd: Command, ctx: RequestContext, deps: AppDeps): Promise<Reply> {
  switch (cmd.name) {
    case "help": {
      const text = helpText(cmd.topic);
      return { visibility: "ephemeral", text, blocks: [{ kind: "section", text }], files: [] };
    }
    case "list":
      return listHandler(cmd, ctx, deps);
    case "task":
      return taskHandler(cmd, ctx, deps);
    case "stats":
      return statsHandler(cmd, ctx, deps);
    default:
      return notYetReply(cmd);
  }
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
    const started = Date.now();
    let name = "unparsed";
    try {
      const cmd = parseCommand(text);
      name = cmd.name;
      if (STATE_CHANGING.has(cmd.name) && !ctx.isAdmin) {
        throw new OmsbotError(
          "FORBIDDEN_USER",
          "Only the bot's admins can add, remove or mute alerts and digests here. Ask one of them; `alert list` and `digest list` work for everyone.",
        );
      }
      const reply = await dispatch(cmd, ctx, deps);
      deps.logger.info(
        { command: name, user: ctx.userId, source: ctx.source, ms: Date.now() - started },
        "command handled",
      );
      return reply;
    } catch (e) {
      return errorReply(e, deps.logger, { command: name, user: ctx.userId, source: ctx.source });
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
