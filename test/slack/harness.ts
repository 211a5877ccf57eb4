/** Starts the Slack adapter against a fake Slack, with logs captured for assertions. */
import { Writable } from "node:stream";
import pino from "pino";
import type { CommandRunner } from "../../src/app/context.ts";
import {
  type SlackAppHandle,
  type SlackAppOptions,
  startSlackApp,
} from "../../src/chat/slack/index.ts";
import { metricValue } from "../../src/ops/metrics.ts";
import type { FakeSlack } from "./fake-slack.ts";
import { SIGNING_SECRET } from "./slack-requests.ts";

export interface Bot {
  app: SlackAppHandle;
  base: string;
  logs: Array<Record<string, unknown>>;
}

export async function startBot(
  slack: FakeSlack,
  runner: CommandRunner,
  overrides: Partial<SlackAppOptions> = {},
): Promise<Bot> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  const app = await startSlackApp({
    botToken: slack.botToken,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.url,
    port: 0,
    host: "127.0.0.1",
    runner,
    defaultTz: "Europe/Paris",
    admins: new Set(),
    logger,
    // Quick retries for tests; a 429's Retry-After is still waited out in full.
    retryConfig: { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 50 },
    ...overrides,
  });
  return { app, base: `http://127.0.0.1:${app.port}`, logs };
}

/** One series of the bot's metrics, as /metrics would show it. */
export function metric(bot: Bot, name: string, labels: Record<string, string> = {}) {
  return metricValue(bot.app.ops.registry, name, labels);
}
