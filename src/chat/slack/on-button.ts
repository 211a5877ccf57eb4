/**
 * Button clicks. Each button made by block-kit.ts carries its command text in `value`; a click
 * is acknowledged at once (3 s rule, https://api.slack.com/interactivity/handling#acknowledgment_response)
 * and the command runs like a typed one, with source "button". The result goes where the
 * button was: the channel (or the thread, if the button's message is in one), or privately to
 * the clicker through response_url per the reply's visibility. A click in App Home has no
 * channel: the result goes to the app's DM with the clicker.
 */
import type { App, BlockAction, RespondFn } from "@slack/bolt";
import type { Destination } from "./deliver.ts";
import { type AdapterDeps, buildContext, observeAck, runAndDeliver } from "./handle.ts";

export function registerButtons(app: App, deps: AdapterDeps): void {
  app.action<BlockAction>(
    { type: "block_actions" },
    async ({ ack, body, action, respond, context }) => {
      await ack();
      observeAck(deps, context.omsReceivedAt);
      if (action.type !== "button" || !action.value) {
        deps.logger.warn(
          { actionType: action.type, actionId: action.action_id },
          "ignored an action without a command",
        );
        return;
      }
      const command = action.value;
      const userId = body.user.id;
      const channelId = body.channel?.id;
      const dest = destination(body, userId, respond);
      deps.tasks.run("button", async () => {
        const ctx = await buildContext(deps, {
          userId,
          ...(channelId ? { channelId } : {}),
          source: "button",
        });
        await runAndDeliver(deps, command, ctx, dest);
      });
    },
  );
}

function destination(body: BlockAction, userId: string, respond: RespondFn): Destination {
  if (body.view?.type === "home" || !body.channel) {
    return { userId, channelId: userId, ignoreVisibility: true };
  }
  const threadTs = typeof body.message?.thread_ts === "string" ? body.message.thread_ts : undefined;
  return {
    userId,
    channelId: body.channel.id,
    ...(threadTs ? { threadTs } : {}),
    ...(body.response_url ? { respond } : {}),
  };
}
