/**
 * The settings of a bot in Slack HTTP mode against the fake Slack (and the simulator, when
 * given) as the e2e tests and the bench build them: one place, so each states only what it is
 * about.
 */
import type { FakeSlack } from "../slack/fake-slack.ts";
import { SIGNING_SECRET } from "../slack/slack-requests.ts";

/** A simulator as the bot reaches it: in this thread (Simulator) or on another (bench/sim-thread). */
export interface SimEndpoint {
  url: string;
  projectId: string;
  credentials: { ak: string; sk: string; tokens?: readonly string[] };
}

/** `auth`: a fixed OMS token (default), or AK/SK request signing. */
export function slackBotEnv(
  slack: Pick<FakeSlack, "botToken" | "url">,
  sim: SimEndpoint | undefined,
  extra: Record<string, string>,
  auth: "token" | "aksk" = "token",
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: "0",
    ...(sim ? omsEnv(sim, auth) : {}),
    // Rounds are run by the tests, not by the clock on the wall, unless a test says otherwise.
    ALERT_POLL_CRON: "0 0 1 1 *",
    ...extra,
  };
}

function omsEnv(sim: SimEndpoint, auth: "token" | "aksk"): Record<string, string> {
  const place = { OMS_ENDPOINT: sim.url, OMS_PROJECT_ID: sim.projectId };
  return auth === "aksk"
    ? { ...place, HUAWEICLOUD_SDK_AK: sim.credentials.ak, HUAWEICLOUD_SDK_SK: sim.credentials.sk }
    : { ...place, OMS_AUTH_TOKEN: sim.credentials.tokens?.[0] ?? "" };
}
