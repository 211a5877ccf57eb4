/** Text from OMS and from users reaches Slack only escaped: no pings, no disguised links. */
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/app/context.ts";
import type { ChartPort, OmsPort } from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import type { SyncTask } from "../../src/core/domain.ts";
import { mrkdwnText } from "../../src/core/format.ts";
import type { Reply, ReplyBlock } from "../../src/core/reply.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 0);
const evil: SyncTask = {
  id: "0d146099-8cf4-437d-b6ef-88e043771c8b",
  status: "SYNCHRONIZING",
  description: "<!channel> <https://evil.example|nightly-backup>",
  srcCloudType: "Aliyun",
  srcRegion: "<@U123>",
  srcBucket: "src&<b>",
  dstRegion: "cn-north-4",
  dstBucket: "dst",
  createTime: NOW - 86_400_000,
  lastStartTime: NOW - 3_600_000,
  enableKms: false,
  enableMetadataMigration: false,
  enableRestore: false,
  objectOverwriteMode: "<!here>",
  dstStoragePolicy: null,
  consistencyCheck: null,
};

const oms: OmsPort = {
  async listSyncTasks() {
    return [evil];
  },
  async showSyncTask() {
    return {
      ...evil,
      monthly: { queryTime: NOW, requested: 10, succeeded: 8, failed: 1, skipped: 1, bytes: 100 },
    };
  },
  async getStatistics(id, types, start, end) {
    const series = Object.fromEntries(types.map((t) => [t, [{ t: end - 600_000, v: 3 }]]));
    return { taskId: id, granularity: "FIVE_MINUTES", start, end, series };
  },
};
const charts: ChartPort = { renderStats: async () => new Uint8Array([1]) };
const logger = pino({ level: "silent" });
const runner = createCommandRunner({ oms, charts, tasks: new TaskDirectory(oms), logger });
const ctx: RequestContext = { userId: "U1", tz: "UTC", now: NOW, isAdmin: true, source: "mention" };

/** Everything Slack would read as mrkdwn; headers are plain text and may hold the raw name. */
function mrkdwnOf(r: Reply | ReplyBlock[]): string {
  const blocks = Array.isArray(r) ? r : r.blocks;
  const parts = Array.isArray(r) ? [] : [r.text];
  for (const b of blocks) {
    if (b.kind === "section" || b.kind === "context") parts.push(b.text);
    if (b.kind === "fields") for (const f of b.fields) parts.push(f.label, f.value);
  }
  return parts.join("\n");
}

describe("mrkdwn escaping", () => {
  it.each([
    "list",
    "task 0d146099",
    "stats 0d146099 last 1h",
    'stats "<!channel>" last 1h',
    "stats <!everyone> last 1h",
    "alert add <!channel> stopped",
    "help <!here>",
    "<!channel>",
  ])("%s", async (text) => {
    const out = mrkdwnOf(await runner.run(text, ctx));
    expect(out).not.toMatch(/<[!@#]|<https?:/);
  });

  it("App Home too", async () => {
    expect(mrkdwnOf(await runner.home(ctx))).not.toMatch(/<[!@#]|<https?:/);
  });

  it("still names the task, escaped", async () => {
    const out = mrkdwnOf(await runner.run("task 0d146099", ctx));
    expect(out).toContain("&lt;!channel&gt; &lt;https://evil.example|nightly-backup&gt;");
    expect(out).toContain("src&amp;&lt;b&gt;");
  });
});

/**
 * Slack mrkdwn has no escape for `*`, `_`, `~` and backticks, so outside text must bring none of
 * its own. Measured against a twin whose outside text has letters where the markers were: the
 * markers outside code spans must be the same in number (all of them the bot's own), every code
 * span must close, and on each line `*`, `_` and `~` must pair up.
 */
const MARKED = "*bold* _it_ ~strike~ `code` a*b_c~d`e";
const twin = (s: string) => s.replace(/[*_~`]/g, "x");

function markedTask(mark: (s: string) => string): SyncTask {
  return {
    ...evil,
    id: mark("0d146099-8cf4-437d-b6ef-88e04377_*~`"),
    status: mark("PAUSED_*~`"),
    description: mark(MARKED),
    srcCloudType: mark("Ali*yun"),
    srcRegion: mark("cn_north~4"),
    srcBucket: mark("src_bucket*`x"),
    dstRegion: mark("re`gion_"),
    dstBucket: mark("dst~bucket_"),
    objectOverwriteMode: mark("NO_OVER`WRITE"),
    dstStoragePolicy: mark("*IA*"),
    consistencyCheck: mark("_x_"),
  };
}

function runnerOver(task: SyncTask) {
  const port: OmsPort = {
    ...oms,
    async listSyncTasks() {
      return [task];
    },
    async showSyncTask() {
      return { ...(await oms.showSyncTask("")), ...task };
    },
  };
  return createCommandRunner({
    oms: port,
    charts,
    tasks: new TaskDirectory(port),
    logger,
  });
}

/** Markers left once the code spans are taken out; a backtick left means a span did not close. */
function markersOutsideCode(text: string): { counts: Record<string, number>; unpaired: string[] } {
  const counts: Record<string, number> = { "*": 0, _: 0, "~": 0, "`": 0 };
  const unpaired: string[] = [];
  for (const line of text.split("\n")) {
    // Emoji shortcodes (`:white_circle:`) are the bot's own and not formatting.
    const outside = line.replace(/`[^`]*`/g, "").replace(/:[a-z0-9_+-]+:/g, "");
    for (const m of Object.keys(counts)) {
      const n = outside.split(m).length - 1;
      counts[m] = (counts[m] ?? 0) + n;
      if (n % 2 !== 0 || (m === "`" && n > 0)) unpaired.push(`${m} in ${JSON.stringify(line)}`);
    }
  }
  return { counts, unpaired };
}

describe("formatting markers from outside text", () => {
  const marked = runnerOver(markedTask((s) => s));
  const plain = runnerOver(markedTask(twin));
  const tz = "America/Port_of_Spain";

  it.each([
    "list",
    "list stopped",
    "task 0d146099",
    "stats 0d146099 last 1h",
    `stats "${MARKED}" last 1h`,
    `task "${MARKED}"`,
    "stats *nightly_backup* last 1h",
    "task _0d1460_",
    "digest add #ops_*x* at 09:00 tasks all",
    "alert mute *a_b* 1h",
  ])("%s", async (command) => {
    const c = { ...ctx, tz };
    const got = markersOutsideCode(mrkdwnOf(await marked.run(command, c)));
    const want = markersOutsideCode(mrkdwnOf(await plain.run(twin(command), { ...c, tz: "UTC" })));
    expect(got.unpaired).toEqual([]);
    expect(got.counts).toEqual(want.counts);
  });

  it("App Home too", async () => {
    const got = markersOutsideCode(mrkdwnOf(await marked.home({ ...ctx, tz })));
    const want = markersOutsideCode(mrkdwnOf(await plain.home({ ...ctx, tz: "UTC" })));
    expect(got.unpaired).toEqual([]);
    expect(got.counts).toEqual(want.counts);
  });

  it("still shows the text, with look-alikes in running text and as sent in code", async () => {
    const out = mrkdwnOf(await marked.run("task 0d146099", ctx));
    expect(out).toContain(mrkdwnText(MARKED));
    expect(mrkdwnText(MARKED)).toBe("∗bold∗ ˍitˍ ∼strike∼ ˋcodeˋ a∗bˍc∼dˋe");
    // Inside a code span only the backtick needs its look-alike: Slack shows the rest as is.
    expect(out).toContain("`src_bucket*ˋx`");
    expect(out).toContain("`0d146099-8cf4-437d-b6ef-88e04377_*~ˋ`");
    expect(out).toContain("*PAUSEDˍ∗∼ˋ*");
  });

  it("a name copied out of a reply finds its task", async () => {
    const r = await marked.run(`task "${mrkdwnText(MARKED)}"`, ctx);
    expect(r.isError).toBeFalsy();
  });
});
