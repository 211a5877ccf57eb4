/** Text from OMS and from users reaches Slack only escaped: no pings, no disguised links. */
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/app/context.ts";
import type { ChartPort, OmsPort } from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import type { SyncTask } from "../../src/core/domain.ts";
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
