/**
 * Plain messages in the app's DM (event message.im): the same command language as /oms, every
 * reply into the DM; never an answer to a bot, to ourselves, or to an edit. HTTP mode, fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeRunner, fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";
import { sleep } from "./net-helpers.ts";
import { sendEvent } from "./slack-requests.ts";

let slack: FakeSlack;
let runner: FakeRunner;
let bot: Bot;

beforeAll(async () => {
  slack = await startFakeSlack({ userTz: { UDM1: "Asia/Tokyo" } });
  runner = fakeRunner();
  bot = await startBot(slack, runner);
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
});

let n = 0;
function dm(channel: string, text: string, extra: Record<string, unknown> = {}) {
  n += 1;
  const ts = `1700001000.${String(n).padStart(6, "0")}`;
  return {
    type: "message",
    channel_type: "im",
    channel,
    user: "UDM1",
    text,
    ts,
    event_ts: ts,
    client_msg_id: `m${n}`,
    ...extra,
  };
}
const posts = (channel: string) =>
  slack.callsTo("chat.postMessage").filter((c) => c.params.channel === channel);
const runsIn = (channel: string) => runner.runs.filter((r) => r.ctx.channelId === channel);

describe("message.im", () => {
  it("runs a plain DM as a command and answers in the DM, chart included", async () => {
    const answer = await sendEvent(bot.base, dm("DSTATS", "stats task7"));
    expect(answer.status).toBe(200);
    await slack.waitFor(() => slack.uploads.some((u) => u.channelId === "DSTATS"), 5000, "upload");
    expect(runsIn("DSTATS")).toHaveLength(1);
    expect(runsIn("DSTATS")[0]).toMatchObject({
      text: "stats task7",
      ctx: { userId: "UDM1", tz: "Asia/Tokyo", channelId: "DSTATS" },
    });
    expect(posts("DSTATS")).toHaveLength(1);
    expect(posts("DSTATS")[0]?.params.thread_ts).toBeUndefined();
  });

  it("answers help and errors in the DM itself (not ephemeral), and strips a mention", async () => {
    await sendEvent(bot.base, dm("DHELP", "<@UBOT0001> bogus"));
    await slack.waitFor(() => posts("DHELP").length === 1, 5000, "reply");
    expect(runsIn("DHELP")[0]?.text).toBe("bogus");
    expect(JSON.stringify(posts("DHELP")[0]?.params)).toContain("I don't know `bogus`");
    expect(slack.callsTo("chat.postEphemeral").some((c) => c.params.channel === "DHELP")).toBe(
      false,
    );
    await sendEvent(bot.base, dm("DEMPTY", "   "));
    await slack.waitFor(() => posts("DEMPTY").length === 1, 5000, "help");
    expect(runsIn("DEMPTY")[0]?.text).toBe("help");
  });

  it("answers in the DM thread the question was asked in", async () => {
    await sendEvent(bot.base, dm("DTHREAD", "list", { thread_ts: "1700000999.000001" }));
    await slack.waitFor(() => posts("DTHREAD").length === 1, 5000, "reply");
    expect(posts("DTHREAD")[0]?.params.thread_ts).toBe("1700000999.000001");
  });

  it("ignores its own messages, other bots, edits and other subtypes", async () => {
    const ignored = [
      dm("DIGN", "list", { user: "UBOT0001" }),
      dm("DIGN", "list", { bot_id: "BBOT0001", user: "UBOT0001" }),
      dm("DIGN", "list", { subtype: "bot_message", bot_id: "BOTHER", user: undefined }),
      dm("DIGN", "list", { bot_id: "BOTHER", user: "UOTHERBOT" }),
      dm("DIGN", "list", {
        subtype: "message_changed",
        user: undefined,
        message: { type: "message", user: "UDM1", text: "list", ts: "1" },
      }),
      dm("DIGN", "list", { subtype: "message_deleted", user: undefined }),
      dm("DIGN", "list", { subtype: "file_share" }),
      // Not a DM (message.channels is not subscribed, but a listener must not care).
      dm("CPUBLIC", "list", { channel_type: "channel" }),
    ];
    for (const ev of ignored) expect((await sendEvent(bot.base, ev)).status).toBe(200);
    // A control message after them: once it is answered, the ones before would have been too.
    await sendEvent(bot.base, dm("DCONTROL", "list"));
    await slack.waitFor(() => posts("DCONTROL").length === 1, 5000, "control reply");
    await sleep(100);
    expect(runsIn("DIGN")).toEqual([]);
    expect(runsIn("CPUBLIC")).toEqual([]);
    expect(posts("DIGN")).toEqual([]);
  });

  it("handles a retried DM (same event_id) once", async () => {
    const ev = dm("DRETRY", "list");
    await sendEvent(bot.base, ev, "EvDMRETRY");
    await sendEvent(bot.base, ev, "EvDMRETRY", {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    await slack.waitFor(() => posts("DRETRY").length === 1, 5000, "reply");
    await sleep(200);
    expect(runsIn("DRETRY")).toHaveLength(1);
    expect(posts("DRETRY")).toHaveLength(1);
  });
});
