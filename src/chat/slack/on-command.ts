/**
 * `/oms <command>`. Slack wants an answer within 3 s
 * (https://api.slack.com/interactivity/slash-commands#responding_basic_receipt), so the
 * listener acknowledges with an empty body at once and runs the command in the background: the
 * ack never waits for the cloud or the renderer. An empty ack shows nothing; if the result takes
 * longer than `workingNoticeMs`, the asker gets a private "working on it" note.
 */
import type { App, RespondFn } from "@slack/bolt";
import { mrkdwnCode } from "../../core/format.ts";
import { type AdapterDeps, buildContext, observeAck, runAndDeliver } from "./handle.ts";
import { slackErrorCode } from "./slack-errors.ts";
import { truncate } from "./split-text.ts";

export const SLASH_COMMAND = "/oms";

export function registerCommand(app: App, deps: AdapterDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, context }) => {
    await ack();
    observeAck(deps, context.omsReceivedAt);
    const text = command.text.trim() || "help";
    deps.tasks.run("slash command", async () => {
      const notice = workingNotice(deps, respond, text);
      try {
        const ctx = await buildContext(deps, {
          userId: command.user_id,
          channelId: command.channel_id,
          source: "command",
        });
        // Slash commands cannot be used in threads: the payload has no thread_ts.
        await runAndDeliver(deps, text, ctx, {
          userId: command.user_id,
          channelId: command.channel_id,
          respond,
        });
      } finally {
        clearTimeout(notice);
      }
    });
  });
}

function workingNotice(deps: AdapterDeps, respond: RespondFn, text: string): NodeJS.Timeout {
  return setTimeout(() => {
    respond({
      response_type: "ephemeral",
      replace_original: false,
      // What the user typed is echoed back: made inert so `<!channel>` or `<@U…>` cannot ping.
      // mrkdwnCode: a backtick the user typed must not close the code span early.
      text: `:hourglass_flowing_sand: Working on ${mrkdwnCode(`/oms ${truncate(text, 200)}`)}…`,
    }).catch((e: unknown) => {
      deps.logger.warn(
        { slackError: slackErrorCode(e), method: "response_url" },
        "working notice not sent",
      );
    });
  }, deps.workingNoticeMs);
}
