/**
 * Correctly signed bodies Bolt 5.1 cannot handle: JSON that is not an object. `null` made Bolt
 * throw inside its request handler (an unhandled rejection, the connection left hanging), and
 * `[]`, `1`, `"x"` got a 404 only after Bolt's 3 s ack timeout. Each must get a 400 at once,
 * and the bot must go on answering. HTTP mode, fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeRunner, fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";
import { sleep, watchUnhandled } from "./net-helpers.ts";
import { postSigned, sendCommand } from "./slack-requests.ts";

let slack: FakeSlack;
let runner: FakeRunner;
let bot: Bot;

beforeAll(async () => {
  slack = await startFakeSlack();
  runner = fakeRunner();
  bot = await startBot(slack, runner);
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
});

const post = (body: string, type: "application/json" | "application/x-www-form-urlencoded") =>
  postSigned(`${bot.base}/slack/events`, body, type).then((a) => a.status);

describe("signed bodies that are not objects", () => {
  it.each([
    ["null", "application/json"],
    ["[]", "application/json"],
    ["1", "application/json"],
    ['"x"', "application/json"],
    ["true", "application/json"],
    ["payload=null", "application/x-www-form-urlencoded"],
    ["payload=%5B%5D", "application/x-www-form-urlencoded"],
  ] as const)("%s (%s) → 400 at once, nothing unhandled", async (body, type) => {
    const unhandled = watchUnhandled();
    try {
      const started = Date.now();
      const status = await Promise.race([
        post(body, type),
        sleep(1500).then(() => "no answer within 1.5 s"),
      ]);
      expect(status).toBe(400);
      expect(Date.now() - started).toBeLessThan(1000);
      await sleep(50);
      expect(unhandled.seen).toEqual([]);
    } finally {
      unhandled.stop();
    }
  });

  it("still answers a valid command afterwards", async () => {
    expect(await post("null", "application/json")).toBe(400);
    const answer = await sendCommand(bot.base, {
      text: "list",
      channelId: "CAFTER",
      responseUrl: slack.responseUrl(),
    });
    expect(answer).toEqual({ status: 200, text: "" });
    await slack.waitFor(
      () => slack.callsTo("chat.postMessage").some((c) => c.params.channel === "CAFTER"),
      5000,
      "reply",
    );
  });

  it("leaves the rest to Bolt: bad signature 401, malformed JSON 400, url_verification, too large 413", async () => {
    const unsigned = await postSigned(`${bot.base}/slack/events`, "null", "application/json", {
      secret: "wrong",
    });
    expect(unsigned.status).toBe(400); // not an object: refused before anything is read from it
    const forged = await postSigned(`${bot.base}/slack/events`, "{}", "application/json", {
      secret: "wrong",
    });
    expect(forged.status).toBe(401);
    expect(await post("{not json", "application/json")).toBe(400);
    const challenge = await postSigned(
      `${bot.base}/slack/events`,
      JSON.stringify({ type: "url_verification", challenge: "c-123", token: "t" }),
      "application/json",
    );
    expect(challenge).toMatchObject({ status: 200 });
    expect(challenge.text).toContain("c-123");
    const huge = JSON.stringify({ type: "event_callback", pad: "x".repeat(4 * 1024 * 1024) });
    expect(await post(huge, "application/json")).toBe(413);
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.base}/nowhere`)).status).toBe(404);
  });
});
