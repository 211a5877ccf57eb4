/**
 * A private reply whose response_url fails (expired, used up, Slack answering 404/500, or the
 * network) goes through chat.postEphemeral instead; when that fails too, the operator's log says
 * why, with Slack's code. HTTP mode, fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";
import { closedOrigin, sleep } from "./net-helpers.ts";
import { sendCommand } from "./slack-requests.ts";

let slack: FakeSlack;
let bot: Bot;

beforeAll(async () => {
  slack = await startFakeSlack();
  bot = await startBot(slack, fakeRunner());
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
});

const ephemerals = (channel: string) =>
  slack.callsTo("chat.postEphemeral").filter((c) => c.params.channel === channel);

describe("response_url fails", () => {
  it.each([404, 500])(
    "Slack answers %i: the help goes through chat.postEphemeral to the asker",
    async (status) => {
      const id = `expired-${status}`;
      const channel = `CEXP${status}`;
      slack.failResponseUrl(id, status);
      const answer = await sendCommand(bot.base, {
        text: "help",
        userId: "UASKER",
        channelId: channel,
        responseUrl: slack.responseUrl(id),
      });
      expect(answer.status).toBe(200);
      await slack.waitFor(() => ephemerals(channel).length === 1, 5000, "chat.postEphemeral");
      expect(ephemerals(channel)[0]?.params).toMatchObject({ channel, user: "UASKER" });
      expect(JSON.stringify(ephemerals(channel)[0]?.params)).toContain("/oms stats <task>");
      expect(slack.responsesTo(id)).toEqual([]);
      // Nothing went to the channel for everyone to see.
      expect(slack.callsTo("chat.postMessage").some((c) => c.params.channel === channel)).toBe(
        false,
      );
      expect(
        bot.logs.some((l) => l.method === "response_url" && l.slackError === `http_${status}`),
      ).toBe(true);
    },
  );

  it("the network fails: the error reply goes through chat.postEphemeral", async () => {
    const origin = await closedOrigin();
    await sendCommand(bot.base, {
      text: "bogus",
      userId: "UASKER",
      channelId: "CNONET",
      responseUrl: `${origin}/respond/gone`,
    });
    await slack.waitFor(() => ephemerals("CNONET").length === 1, 5000, "chat.postEphemeral");
    expect(JSON.stringify(ephemerals("CNONET")[0]?.params)).toContain("I don't know `bogus`");
    expect(
      bot.logs.some((l) => l.method === "response_url" && l.slackError === "request_error"),
    ).toBe(true);
  });

  it("chat.postEphemeral fails too (a DM the bot is not in): logged with both codes", async () => {
    const id = "expired-dm";
    slack.failResponseUrl(id, 404);
    slack.setChannelError("DNOTMINE", "channel_not_found");
    await sendCommand(bot.base, {
      text: "help",
      channelId: "DNOTMINE",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(
      () => slack.callsTo("chat.postEphemeral").some((c) => c.params.channel === "DNOTMINE"),
      5000,
      "attempted fallback",
    );
    await sleep(200);
    const failure = bot.logs.find(
      (l) => l.method === "chat.postEphemeral" && l.slackError === "channel_not_found",
    );
    expect(failure?.level).toBe(50); // error
    expect(bot.logs.some((l) => l.method === "response_url" && l.slackError === "http_404")).toBe(
      true,
    );
    // One attempt each, no loop: the dead response_url is not tried again to explain.
    expect(
      slack.callsTo("chat.postEphemeral").filter((c) => c.params.channel === "DNOTMINE"),
    ).toHaveLength(1);
    const metrics = await (await fetch(`${bot.base}/metrics`)).text();
    expect(metrics).toContain(
      'omsbot_slack_errors_total{method="chat.postEphemeral",code="channel_not_found"} 1',
    );
  });

  it("a channel that refuses the bot: advice via response_url; if that fails, no ephemeral there", async () => {
    const id = "refused-and-expired";
    slack.setChannelError("CNOTIN", "not_in_channel");
    slack.failResponseUrl(id, 404);
    await sendCommand(bot.base, {
      text: "list",
      channelId: "CNOTIN",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(
      () => bot.logs.some((l) => l.msg === "could not tell the asker that the reply failed"),
      5000,
      "logged",
    );
    expect(ephemerals("CNOTIN")).toEqual([]);
  });
});
