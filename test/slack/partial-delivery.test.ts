/**
 * Replies that only partly reach Slack (the upload after the Block Kit message fails, or the 2nd
 * of 3 split messages), and text the adapter builds from outside input. HTTP mode, fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandRunner } from "../../src/app/context.ts";
import { OmsbotError } from "../../src/errors.ts";
import { type FakeRunner, fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, type RecordedResponse, startFakeSlack } from "./fake-slack.ts";
import { type Bot, metric, startBot } from "./harness.ts";
import { sendButtonClick, sendCommand, sendEvent } from "./slack-requests.ts";

let slack: FakeSlack;
let base: FakeRunner;
let bot: Bot;

beforeAll(async () => {
  slack = await startFakeSlack();
  base = fakeRunner({ slowMs: 1500 });
  const runner: CommandRunner = {
    home: (ctx) => base.home(ctx),
    async run(text, ctx) {
      if (text === "fileonly") {
        // Blocks that only repeat the text: the text rides on the upload as its comment.
        return {
          visibility: "channel",
          text: "*export*: 3 rows",
          blocks: [],
          files: [
            {
              filename: "export.csv",
              title: "export",
              mimeType: "text/csv",
              data: new TextEncoder().encode("a,b\n1,2\n"),
            },
          ],
        };
      }
      if (text.startsWith("throw")) {
        // userMessage is mrkdwn-safe by contract (errors.ts): core escapes what it quotes.
        throw new OmsbotError(
          "API_BAD_REQUEST",
          "OMS refused the request for task &lt;!channel&gt;.",
        );
      }
      return base.run(text, ctx);
    },
  };
  bot = await startBot(slack, runner, { workingNoticeMs: 1000 });
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
});

const posts = (channel: string) =>
  slack.callsTo("chat.postMessage").filter((c) => c.params.channel === channel);
/** What the asker was told privately (the "working on it" note aside). */
const told = (id: string): RecordedResponse[] =>
  slack.responsesTo(id).filter((r) => !String(r.body.text).includes("Working on"));
const bodyText = (rs: RecordedResponse[]) => JSON.stringify(rs.map((r) => r.body));

/** A stats command whose Block Kit message is posted, then whose upload fails somehow. */
async function statsWithFailingUpload(channel: string, id: string): Promise<string> {
  await sendCommand(bot.base, {
    text: "stats task1",
    channelId: channel,
    responseUrl: slack.responseUrl(id),
  });
  await slack.waitFor(() => told(id).length >= 1, 10_000, "the asker told");
  await new Promise((r) => setTimeout(r, 100)); // anything more would arrive by now
  expect(posts(channel)).toHaveLength(1); // the numbers and buttons, once
  expect(slack.uploads.some((u) => u.channelId === channel)).toBe(false);
  expect(told(id)).toHaveLength(1);
  const [answer] = told(id);
  expect(answer?.body.response_type).toBe("ephemeral");
  // Only the advice: the header, fields and button are not sent a second time.
  expect(answer?.body.blocks).toHaveLength(1);
  const text = bodyText(told(id));
  expect(text).toContain("The chart could not be uploaded");
  expect(text).toContain("The numbers are in the channel above.");
  expect(text).not.toContain("didn't accept my answer");
  expect(text).not.toContain("Statistics for");
  return text;
}

describe("an upload that fails after the message was posted", () => {
  it("files.completeUploadExternal: says why, and that the numbers are in the channel", async () => {
    slack.setError("files.completeUploadExternal", "not_in_channel", { channel: "CUP1" });
    const text = await statsWithFailingUpload("CUP1", "up-complete");
    expect(text).toContain("/invite @omsbot");
    expect(
      await metric(bot, "omsbot_slack_uploads_total", { outcome: "failed" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("files.getUploadURLExternal: names the missing permission", async () => {
    slack.setError("files.getUploadURLExternal", "missing_scope");
    const text = await statsWithFailingUpload("CUP2", "up-url");
    expect(text).toContain("files:write");
  });

  it("the upload URL refusing the bytes: says Slack answered with an HTTP error", async () => {
    slack.failUploadUrl(500, 10); // more than the retries
    try {
      const text = await statsWithFailingUpload("CUP3", "up-bytes");
      expect(text).toContain("HTTP error");
    } finally {
      slack.clearErrors();
    }
  });

  it("shows an unknown error code as inert text", async () => {
    slack.setError("files.completeUploadExternal", "<!here>", { channel: "CUP4" });
    const text = await statsWithFailingUpload("CUP4", "up-odd");
    expect(text).toContain("Slack answered `&lt;!here&gt;`");
    expect(text).not.toContain("<!here>");
  });

  it("sends the summary privately when it was to be the upload's comment", async () => {
    slack.setError("files.completeUploadExternal", "fatal_error", { channel: "CUP5" });
    const id = "up-fileonly";
    await sendCommand(bot.base, {
      text: "fileonly",
      channelId: "CUP5",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => told(id).length >= 1, 10_000, "the asker told");
    expect(posts("CUP5")).toEqual([]);
    const text = bodyText(told(id));
    expect(text).toContain("The file could not be uploaded");
    expect(text).toContain("Only you can see its summary below.");
    expect(text).toContain("*export*: 3 rows");
  });

  it("in a mention's thread: a note in the thread says what is missing", async () => {
    slack.setError("files.completeUploadExternal", "fatal_error", { channel: "CUP6" });
    await sendEvent(bot.base, {
      type: "app_mention",
      user: "U0001",
      text: "<@UBOT0001> stats task6",
      ts: "1700000600.000100",
      channel: "CUP6",
      event_ts: "1700000600.000100",
    });
    await slack.waitFor(() => posts("CUP6").length === 2, 10_000, "the note");
    const note = posts("CUP6")[1];
    expect(note?.params.thread_ts).toBe("1700000600.000100");
    expect(JSON.stringify(note?.params)).toContain(
      "could not be uploaded: Slack answered `fatal_error`. The numbers are in the thread above.",
    );
  });
});

describe("a split reply whose 2nd of 3 messages fails", () => {
  it("privately sends only the parts that did not arrive", async () => {
    slack.setError("chat.postMessage", "fatal_error", { channel: "CSPLIT", after: 1 });
    const id = "split-2";
    await sendCommand(bot.base, {
      text: "bigreply",
      channelId: "CSPLIT",
      responseUrl: slack.responseUrl(id),
    });
    // 70 blocks left + the advice: two private messages.
    await slack.waitFor(() => told(id).length === 2, 10_000, "the rest");
    await new Promise((r) => setTimeout(r, 100));
    expect(posts("CSPLIT")).toHaveLength(2); // the 1st arrived, the 2nd failed, no 3rd tried
    const text = bodyText(told(id));
    expect(text).toContain("Part of my answer could not be posted: Slack answered `fatal_error`.");
    expect(text).toContain("The first 1 of 3 parts are in the channel above.");
    for (const n of [51, 100, 101, 120]) expect(text).toContain(`"text":"line ${n}"`);
    for (const n of [1, 50]) expect(text).not.toContain(`"text":"line ${n}"`);
  });
});

describe("text built from outside input", () => {
  it("escapes the command echoed in the working notice", async () => {
    const id = "slow-escape";
    await sendCommand(bot.base, {
      text: "slow <!channel> & <@U0009>",
      channelId: "CSLOWESC",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length >= 1, 10_000, "working notice");
    const notice = String(slack.responsesTo(id)[0]?.body.text);
    expect(notice).toContain("Working on `/oms slow &lt;!channel&gt; &amp; &lt;@U0009&gt;`");
    expect(notice).not.toMatch(/<!channel>|<@U0009>/);
  });

  it("passes a thrown error's (already escaped) message on as is, not escaped twice", async () => {
    const id = "throw-escape";
    await sendCommand(bot.base, {
      text: "throw",
      channelId: "CTHROW",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => told(id).length === 1, 10_000, "error reply");
    const text = bodyText(told(id));
    expect(text).toContain("task &lt;!channel&gt;.");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("&amp;lt;");
  });
});

describe("a button clicked in App Home", () => {
  it("sends even an ephemeral result to the app's DM with the clicker", async () => {
    await sendButtonClick(bot.base, {
      command: "help",
      userId: "UHOME2",
      home: true,
      responseUrl: "",
    });
    await slack.waitFor(() => posts("UHOME2").length === 1, 10_000, "DM post");
    expect(JSON.stringify(posts("UHOME2")[0]?.params)).toContain("Usage:");
    expect(slack.callsTo("chat.postEphemeral")).toEqual([]);
    const run = base.runs.find((r) => r.ctx.userId === "UHOME2");
    expect(run?.ctx.source).toBe("button");
    expect(run?.ctx.channelId).toBeUndefined();
  });

  it("uploads a chart into that DM after the message", async () => {
    await sendButtonClick(bot.base, {
      command: "stats task7",
      userId: "UHOME3",
      home: true,
      responseUrl: "",
    });
    await slack.waitFor(
      () => slack.uploads.some((u) => u.channelId === "DHOME3"),
      10_000,
      "upload",
    );
    expect(posts("UHOME3")).toHaveLength(1);
  });
});
