import { describe, expect, it } from "vitest";
import type { SyncTask } from "../../src/core/domain.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import { closestTasks, resolveTask, taskDisplayName } from "../../src/core/task-ref.ts";
import { OmsbotError } from "../../src/errors.ts";

function task(id: string, description: string, srcBucket: string, dstBucket: string): SyncTask {
  return {
    id,
    status: "SYNCHRONIZING",
    description,
    srcCloudType: "AWS",
    srcRegion: "us-east-1",
    srcBucket,
    dstRegion: "cn-north-4",
    dstBucket,
    createTime: 0,
    lastStartTime: null,
    enableKms: false,
    enableMetadataMigration: false,
    enableRestore: false,
    objectOverwriteMode: null,
    dstStoragePolicy: null,
    consistencyCheck: null,
  };
}

const NIGHTLY = task(
  "2f1c9a7e-1111-4a4a-8b8b-000000000001",
  "nightly-backup",
  "logs-src",
  "logs-dst",
);
const NIGHTLY2 = task(
  "2f1c9a7f-2222-4a4a-8b8b-000000000002",
  "Nightly Backup EU",
  "eu-src",
  "eu-dst",
);
const MEDIA = task("9d00aa11-3333-4a4a-8b8b-000000000003", "", "media-src", "media-dst");
const DUP_A = task("77aa0000-4444-4a4a-8b8b-000000000004", "shared", "a-src", "a-dst");
const DUP_B = task("77aa0000-5555-4a4a-8b8b-000000000005", "Shared", "b-src", "b-dst");
const ARROW = task("abcdef01-6666-4a4a-8b8b-000000000006", "x>y", "p", "q");
const TASKS = [NIGHTLY, NIGHTLY2, MEDIA, DUP_A, DUP_B, ARROW];

function refusal(ref: string, tasks: readonly SyncTask[] = TASKS): OmsbotError {
  try {
    resolveTask(ref, tasks, { command: "stats" });
  } catch (e) {
    if (e instanceof OmsbotError) return e;
    throw e;
  }
  throw new Error(`expected ${ref} to be refused`);
}

describe("resolveTask: finds", () => {
  it.each([
    ["2f1c9a7e-1111-4a4a-8b8b-000000000001", NIGHTLY],
    ["2F1C9A7E-1111-4A4A-8B8B-000000000001", NIGHTLY],
    ["2f1c9a7e", NIGHTLY],
    ["2F1C9A7F", NIGHTLY2],
    ["9d00aa", MEDIA],
    ["nightly-backup", NIGHTLY],
    ["NIGHTLY-BACKUP", NIGHTLY],
    ["  nightly-backup  ", NIGHTLY],
    ["nightly backup eu", NIGHTLY2],
    ["nightly   backup   EU", NIGHTLY2],
    ['"nightly backup eu"', NIGHTLY2],
    ["media-src→media-dst", MEDIA],
    ["media-src->media-dst", MEDIA],
    ["MEDIA-SRC -> media-dst", MEDIA],
    ["media-src → media-dst", MEDIA],
    ["logs-src→logs-dst", NIGHTLY],
    ["x>y", ARROW],
    ["x > y", ARROW],
  ])("%j", (ref, expected) => {
    expect(resolveTask(ref, TASKS)).toBe(expected);
  });

  it("works on what the parser hands over", () => {
    const cmd = parseCommand("stats media-src -&gt; media-dst last 6h");
    if (cmd.name !== "stats") throw new Error("not stats");
    expect(resolveTask(cmd.task, TASKS)).toBe(MEDIA);
  });

  it("prefers an exact name over an ID prefix", () => {
    const named = task("ffffff00-0000-0000-0000-000000000000", "abcdef01", "s", "d");
    expect(resolveTask("abcdef01", [ARROW, named])).toBe(named);
  });
});

describe("resolveTask: refuses", () => {
  it("an ID prefix shorter than 6 characters, saying why", () => {
    const e = refusal("2f1c9");
    expect(e.code).toBe("TASK_NOT_FOUND");
    expect(e.userMessage).toContain("`2f1c9`");
    expect(e.userMessage).toContain("at least 6");
  });

  it("an ambiguous ID prefix, listing the candidates with IDs", () => {
    const e = refusal("2f1c9a");
    expect(e.code).toBe("TASK_AMBIGUOUS");
    expect(e.userMessage).toContain(NIGHTLY.id);
    expect(e.userMessage).toContain(NIGHTLY2.id);
    expect(e.userMessage).toContain("`nightly-backup`");
    expect(e.userMessage).toContain("`Nightly Backup EU`");
    expect(e.userMessage).toContain(`\`stats ${NIGHTLY.id}\``);
  });

  it("a name two tasks share (case-insensitively)", () => {
    const e = refusal("SHARED");
    expect(e.code).toBe("TASK_AMBIGUOUS");
    expect(e.userMessage).toContain("2 tasks");
    expect(e.userMessage).toContain(DUP_A.id);
    expect(e.userMessage).toContain(DUP_B.id);
  });

  it("an unknown name, suggesting the closest", () => {
    const e = refusal("nightly-bakup");
    expect(e.code).toBe("TASK_NOT_FOUND");
    expect(e.userMessage).toContain("`nightly-bakup`");
    expect(e.userMessage).toContain("Closest");
    expect(e.userMessage).toContain("`nightly-backup`");
    expect(e.userMessage).toContain("`stats nightly-backup`");
    expect(e.userMessage).toContain("`list`");
  });

  it("quotes multi-word suggestions in the example", () => {
    const e = refusal("nightly backup e");
    expect(e.userMessage).toContain('`stats "Nightly Backup EU"`');
  });

  it("a name nothing resembles, with no candidates but an example", () => {
    const e = refusal("zzzzzzzzzzzz");
    expect(e.code).toBe("TASK_NOT_FOUND");
    expect(e.userMessage).not.toContain("Closest");
    expect(e.userMessage).toContain("`list`");
  });

  it("anything when there are no tasks", () => {
    const e = refusal("x", []);
    expect(e.code).toBe("TASK_NOT_FOUND");
    expect(e.userMessage).toContain("no sync tasks");
  });

  it("an empty reference", () => {
    expect(refusal("   ").code).toBe("TASK_NOT_FOUND");
  });

  it("limits the list of an ambiguous match", () => {
    const many = Array.from({ length: 8 }, (_, i) => task(`aaaaaa0${i}-0000`, "same", "s", "d"));
    const e = refusal("same", many);
    expect(e.userMessage).toContain("and 3 more");
  });
});

describe("closestTasks", () => {
  it("ranks substrings first and caps the list", () => {
    expect(closestTasks("backup", TASKS).slice(0, 2)).toEqual([NIGHTLY, NIGHTLY2]);
    expect(closestTasks("src", TASKS)).toHaveLength(3);
  });

  // Long names used to count as close to anything: the edit distance gave up at 12 and was then
  // divided by the name's length.
  const FINANCE = task(
    "1d62b0c4-7777-4a4a-8b8b-000000000007",
    "",
    "finance-reports",
    "finance-reports-dr",
  );
  const ARCHIVE = task(
    "c0ffee00-8888-4a4a-8b8b-000000000008",
    "quarterly-archive-of-customer-invoices",
    "invoices-src",
    "invoices-archive",
  );
  const BACKUP = task("5e5e5e5e-9999-4a4a-8b8b-000000000009", "nightly-backup", "db", "db-dr");
  const MIXED = [FINANCE, ARCHIVE, BACKUP, MEDIA];

  it.each([
    ["nightly", [BACKUP]],
    ["1d62", [FINANCE]],
    ["reports-dr", [FINANCE]],
    ["xxxxxxxxxxxxxxxxxxxxxxxx", []],
    ["weekly-sales", []],
    ["9d11", []],
  ])("%j suggests only related tasks", (ref, expected) => {
    expect(closestTasks(ref, MIXED)).toEqual(expected);
  });

  it("prefers a prefix over a substring and a typo", () => {
    const a = task("a1", "backup-nightly", "s1", "d1");
    const b = task("b2", "nightly-backup", "s2", "d2");
    const c = task("c3", "nihgtly", "s3", "d3");
    expect(closestTasks("nightly", [a, c, b])).toEqual([b, a, c]);
  });

  it("points the example at the task it suggests", () => {
    const e = refusal("reports-dr", MIXED);
    expect(e.userMessage).toContain("`stats finance-reports→finance-reports-dr`");
    expect(() => parseCommand("stats finance-reports→finance-reports-dr")).not.toThrow();
    expect(e.userMessage).not.toContain("invoices");
  });

  it("suggests the task a short ID prefix starts, and says prefixes need 6 characters", () => {
    const e = refusal("1d62", MIXED);
    expect(e.userMessage).toContain("at least 6");
    expect(e.userMessage).toContain(FINANCE.id);
    expect(e.userMessage).not.toContain(ARCHIVE.id);
  });

  it("uses the ID in the example when the name would not find the task again", () => {
    const twin = task("e1e1e1e1-0000", "nightly-backup", "x", "y");
    const e = refusal("nightly-bakup", [BACKUP, twin]);
    expect(e.userMessage).toMatch(/`stats (5e5e5e5e|e1e1e1e1)[^`]*`/);
  });

  it("finds buckets", () => {
    expect(closestTasks("media", TASKS)[0]).toBe(MEDIA);
  });
});

describe("what comes from OMS or the user stays text in mrkdwn", () => {
  const EVIL = [
    task("e0000001-aaaa", "<!channel>", "a", "b"),
    task("e0000002-aaaa", "<https://evil.example|click me>", "c", "d"),
    task("e0000003-aaaa", "", "<@U0123>", "x&y"),
    task("e0000004-<!here>", "<!channel> reports", "e", "f"),
  ];
  const noRawAngles = (message: string) => expect(message).not.toMatch(/[<>]/);

  it.each([
    ["<!channel>"],
    ["<!channel> report"],
    ["<https://evil.example|x>"],
    ["e0000"],
    ["<@U0123>→x&y"],
    ["<!here>"],
    ["channel"],
  ])("refusing %j", (ref) => {
    const e = refusal(ref, [...EVIL, ...EVIL]);
    noRawAngles(e.userMessage);
  });

  it("when nothing matches, and for a ref the parser handed over", () => {
    for (const text of ['task "<!channel>"', "task &lt;!channel&gt;", "task <!channel>"]) {
      const cmd = parseCommand(text);
      if (cmd.name !== "task") throw new Error("not task");
      noRawAngles(refusal(cmd.task, TASKS).userMessage);
      noRawAngles(refusal(cmd.task, []).userMessage);
    }
  });

  it("escapes rather than drops", () => {
    const e = refusal("<!channel> x", EVIL);
    expect(e.userMessage).toContain("&lt;!channel&gt; x");
  });
});

describe("taskDisplayName", () => {
  it("is the description, else src→dst", () => {
    expect(taskDisplayName(NIGHTLY)).toBe("nightly-backup");
    expect(taskDisplayName(MEDIA)).toBe("media-src→media-dst");
    expect(taskDisplayName({ ...MEDIA, description: "   " })).toBe("media-src→media-dst");
  });
});
