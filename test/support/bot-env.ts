/**
 * The settings of a bot in Slack HTTP mode against the fake Slack (and the simulator, when
 * given) as the e2e tests build it: one place, so each test states only what it is about.
 */
import type { Simulator } from "../../src/simulator/server.ts";
import type { FakeSlack } from "../slack/fake-slack.ts";
import { SIGNING_SECRET } from "../slack/slack-requests.ts";

export function slackBotEnv(
  slack: FakeSlack,
  sim: Simulator | undefined,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: "0",
    ...(sim
      ? {
          OMS_ENDPOINT: sim.url,
          OMS_PROJECT_ID: sim.projectId,
          OMS_AUTH_TOKEN: sim.credentials.tokens[0] ?? "",
        }
      : {}),
    // Rounds are run by the tests, not by the clock on the wall, unless a test says otherwise.
    ALERT_POLL_CRON: "0 0 1 1 *",
    ...extra,
  };
}
