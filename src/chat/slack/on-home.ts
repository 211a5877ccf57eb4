/**
 * App Home: on `app_home_opened` (Home tab), publish `runner.home(ctx)` as the user's Home view
 * (views.publish, https://api.slack.com/methods/views.publish; 100 blocks at most).
 */
import type { App } from "@slack/bolt";
import { toOmsbotError } from "../../errors.ts";
import { toHomeView } from "./block-kit.ts";
import { type AdapterDeps, buildContext } from "./handle.ts";
import { toDeliveryError } from "./slack-errors.ts";

export function registerHome(app: App, deps: AdapterDeps): void {
  app.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return; // the Messages tab needs nothing from us
    const userId = event.user;
    deps.tasks.run("app home", async () => {
      const ctx = await buildContext(deps, { userId, source: "command" });
      let view: ReturnType<typeof toHomeView>;
      try {
        view = toHomeView(await deps.runner.home(ctx));
      } catch (e) {
        const err = toOmsbotError(e);
        deps.logger.error(
          { code: err.code, detail: err.detail, userId },
          "home view could not be built",
        );
        view = toHomeView([
          { kind: "header", text: "omsbot" },
          // userMessage is mrkdwn-safe by contract (errors.ts).
          { kind: "section", text: `:warning: ${err.userMessage}` },
          { kind: "context", text: "Type `/oms help` in any channel I'm in to see what I can do." },
        ]);
      }
      try {
        await deps.client.views.publish({ user_id: userId, view });
      } catch (e) {
        const err = toDeliveryError("views.publish", e);
        deps.metrics.error(err.method, err.code);
        deps.logger.error(
          { slackError: err.code, method: err.method, userId },
          "home view not published",
        );
      }
    });
  });
}
