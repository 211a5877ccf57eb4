/**
 * A command whose work blocks the event loop (CPU-bound on the main thread) must not hold back
 * its own ack. The client runs in a worker thread, so it can read the answer while the bot's
 * thread is busy. An ordering check, not a timing one: the answer arrived before the runner
 * finished. (Many concurrent commands are measured in bench/slack.ts: that depends on when each
 * request arrives, which a test cannot pin down.)
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { CommandRunner } from "../../src/app/context.ts";
import { fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";
import { slashCommandBody } from "./slack-requests.ts";
import { loadFromWorker } from "./worker-client.ts";

let slack: FakeSlack;
let bot: Bot;
const finished: number[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  const inner = fakeRunner({ busyMs: 400 });
  const runner: CommandRunner = {
    run: async (text, ctx) => {
      const reply = await inner.run(text, ctx);
      finished.push(Date.now());
      return reply;
    },
    home: (ctx) => inner.home(ctx),
  };
  bot = await startBot(slack, runner);
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
});

it("answers Slack before a CPU-busy command finishes", async () => {
  // Warm the users.info cache: with it cold, the runner would start only after that I/O, and
  // the ack would get out anyway.
  await loadFromWorker(`${bot.base}/slack/events`, [
    slashCommandBody({ text: "list", channelId: "CWARM", responseUrl: slack.responseUrl() }),
  ]);
  await slack.waitFor(() => slack.callsTo("chat.postMessage").length === 1, 10_000, "warm-up");
  finished.length = 0;
  // One command: a blocked event loop cannot even read requests that arrive while it is busy,
  // so only the ack of a request already received can be promised.
  const answers = await loadFromWorker(`${bot.base}/slack/events`, [
    slashCommandBody({ text: "stats busy", channelId: "CBUSY", responseUrl: slack.responseUrl() }),
  ]);
  expect(answers.map((a) => a.status)).toEqual([200]);
  await slack.waitFor(() => slack.uploads.some((u) => u.channelId === "CBUSY"), 15_000, "upload");
  expect(finished.length).toBe(1);
  expect(answers[0]?.answeredAt).toBeLessThan(finished[0] ?? 0);
});
