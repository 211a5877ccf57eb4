/**
 * One odd task must not break every command: `list`, `task` and `stats` through the real runner,
 * OMS client and simulator, with tasks of an unknown status, a numeric or object description and
 * one without an ID; a broken or oversized answer fails once, fast, with a coded error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ctx, mrkdwnTexts, type SimRunner, startSimRunner } from "./sim-runner.ts";

let h: SimRunner;
const text = async (command: string) => {
  const r = await h.runner.run(command, ctx());
  return { r, all: mrkdwnTexts(r).join("\n") };
};
const task = (name: string) => {
  const t = h.sim.tasks.find((x) => x.name === name);
  if (!t) throw new Error(`no simulator task ${name}`);
  return t;
};

beforeAll(async () => {
  h = await startSimRunner(
    { oddTasks: ["unknownStatus", "numericDescription", "objectDescription", "missingId"] },
    { maxBodyBytes: 1024 * 1024 },
  );
});
afterAll(() => h.close());
afterEach(() => {
  h.sim.resetLog();
  h.warnings.length = 0;
});

describe("list", () => {
  it("shows every readable task, the unknown status as sent with a neutral icon", async () => {
    const { r, all } = await text("list");
    expect(r.isError).toBeFalsy();
    for (const t of h.sim.tasks) {
      if (t.name === "no-id-task") expect(all).not.toContain("noid-src");
      else expect(all).toContain(t.name);
    }
    expect(all).toContain(":white_circle: *DELETING* (1)");
    expect(r.text).toBe(
      `${h.sim.tasks.length - 1} sync tasks: 7 synchronizing, 1 stopped, 1 DELETING.`,
    );
    // One warning, for the one item that could not be read.
    expect(h.warnings.filter((w) => /skipped a sync task/.test(String(w.msg)))).toHaveLength(1);
  });

  it("filters still work, and leave the unknown status out", async () => {
    const running = await text("list synchronizing");
    expect(running.all).toContain("nightly-backup");
    expect(running.all).not.toContain("archive-mover");
    const stopped = await text("list stopped");
    expect(stopped.all).toContain("datalake-migration");
    expect(stopped.all).not.toContain("archive-mover");
  });
});

describe("task and stats", () => {
  it.each(["nightly-backup", "archive-mover", "4242", "objdesc-src→objdesc-dst"])(
    "task %s works",
    async (name) => {
      const { r, all } = await text(`task ${name}`);
      expect(r.isError).toBeFalsy();
      expect(all).toContain(task(name).id);
    },
  );

  it("the unknown status is named on the task card", async () => {
    const { all } = await text("task archive-mover");
    expect(all).toContain(":white_circle: *archive-mover* is DELETING");
  });

  it.each(["nightly-backup", "archive-mover", "4242"])("stats %s last 6h works", async (name) => {
    const { r } = await text(`stats ${name} last 6h`);
    expect(r.isError).toBeFalsy();
    expect(r.files).toHaveLength(1);
  });

  it("the home overview lists them too", async () => {
    const all = mrkdwnTexts(await h.runner.home(ctx())).join("\n");
    expect(all).toContain("*archive-mover* (DELETING)");
    expect(all).toContain("*4242*");
  });
});

describe("broken answers fail once, with a code", () => {
  it("a task list of the wrong shape is asked for once", async () => {
    h.sim.failNext("schemaBreak", 1);
    const { r } = await text("list");
    expect(r.isError).toBe(true);
    expect(r.text).toContain("shape the bot does not expect");
    expect(h.sim.requestCount({ path: "/sync-tasks" })).toBe(1);
  });

  it("an oversized answer is cut off and refused, not read four times", async () => {
    h.sim.setFaults({ oversizedBytes: 300 * 1024 * 1024 });
    h.sim.failNext("oversized", 1);
    try {
      const { r } = await text("stats nightly-backup last 6h");
      expect(r.isError).toBe(true);
      expect(r.text).toContain("too large to read");
      expect(h.sim.requestCount({ path: "/sync-tasks" })).toBe(1);
    } finally {
      h.sim.setFaults({});
    }
  });
});
