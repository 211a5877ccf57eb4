import { describe, expect, it } from "vitest";
import type { Command } from "../../src/core/command.ts";
import { DATA_TYPES } from "../../src/core/domain.ts";
import { parseCommand } from "../../src/core/parse-command.ts";

const ALL = [...DATA_TYPES];
const last6h = { kind: "last", amount: 6, unit: "h" } as const;
const stats = (
  task: string,
  extra: Partial<Extract<Command, { name: "stats" }>> = {},
): Command => ({
  name: "stats",
  task,
  range: last6h,
  types: ALL,
  csv: false,
  ...extra,
});
const MIN = 60_000;
const H = 60 * MIN;

const cases: [string, Command][] = [
  // help
  ["", { name: "help" }],
  ["   ", { name: "help" }],
  ["help", { name: "help" }],
  ["HELP Stats", { name: "help", topic: "stats" }],
  ["help alert add", { name: "help", topic: "alert add" }],
  ["/oms", { name: "help" }],
  ["?", { name: "help" }],
  // list
  ["list", { name: "list" }],
  ["/oms list", { name: "list" }],
  ["LIST", { name: "list" }],
  ["ls", { name: "list" }],
  ["list all", { name: "list" }],
  ["list synchronizing", { name: "list", status: "SYNCHRONIZING" }],
  ["list running", { name: "list", status: "SYNCHRONIZING" }],
  ["list Stopped", { name: "list", status: "STOPPED" }],
  // task
  ["task nightly-backup", { name: "task", task: "nightly-backup" }],
  ["task   nightly   backup  ", { name: "task", task: "nightly backup" }],
  ['task "Nightly Backup"', { name: "task", task: "Nightly Backup" }],
  ["task \u201Cnightly backup\u201D", { name: "task", task: "nightly backup" }],
  ["task src-bucket->dst-bucket", { name: "task", task: "src-bucket→dst-bucket" }],
  ["task src-bucket -&gt; dst-bucket", { name: "task", task: "src-bucket→dst-bucket" }],
  ["task src-bucket → dst-bucket", { name: "task", task: "src-bucket→dst-bucket" }],
  ["task a &amp; b", { name: "task", task: "a & b" }],
  ["task 2f1c9a", { name: "task", task: "2f1c9a" }],
  ["<@U0BOT123> task x", { name: "task", task: "x" }],
  ["task <http://my.bucket|my.bucket>→dst", { name: "task", task: "my.bucket→dst" }],
  // stats: defaults, ranges, types, csv
  ["stats nightly-backup", stats("nightly-backup")],
  ["/oms stats nightly-backup last 6h", stats("nightly-backup")],
  [
    "STATS Nightly-Backup LAST 30M",
    stats("Nightly-Backup", { range: { kind: "last", amount: 30, unit: "m" } }),
  ],
  ["stats x last 2d", stats("x", { range: { kind: "last", amount: 2, unit: "d" } })],
  ["stats x last 1w", stats("x", { range: { kind: "last", amount: 1, unit: "w" } })],
  ["stats x last 6 hours", stats("x")],
  ["stats x last hour", stats("x", { range: { kind: "last", amount: 1, unit: "h" } })],
  ["stats x past 90d", stats("x", { range: { kind: "last", amount: 90, unit: "d" } })],
  ["stats x last 1h30m", stats("x", { range: { kind: "last", amount: 90, unit: "m" } })],
  ["stats x last 5m", stats("x", { range: { kind: "last", amount: 5, unit: "m" } })],
  ["stats x today", stats("x", { range: { kind: "today" } })],
  ["stats x yesterday", stats("x", { range: { kind: "yesterday" } })],
  ["stats x since 09:00", stats("x", { range: { kind: "since", from: { hour: 9, minute: 0 } } })],
  ["stats x since 9am", stats("x", { range: { kind: "since", from: { hour: 9, minute: 0 } } })],
  [
    "stats x since 9:30pm",
    stats("x", { range: { kind: "since", from: { hour: 21, minute: 30 } } }),
  ],
  [
    "stats x since 2026-11-20 08:00",
    stats("x", {
      range: { kind: "since", from: { year: 2026, month: 11, day: 20, hour: 8, minute: 0 } },
    }),
  ],
  [
    "stats x from 2026-11-20 08:00 to 2026-11-20 18:00",
    stats("x", {
      range: {
        kind: "between",
        from: { year: 2026, month: 11, day: 20, hour: 8, minute: 0 },
        to: { year: 2026, month: 11, day: 20, hour: 18, minute: 0 },
      },
    }),
  ],
  [
    "stats x from 2026-11-20T08:00 to 2026-11-21",
    stats("x", {
      range: {
        kind: "between",
        from: { year: 2026, month: 11, day: 20, hour: 8, minute: 0 },
        to: { year: 2026, month: 11, day: 21, hour: 0, minute: 0 },
      },
    }),
  ],
  [
    "stats x from 08:00 to 12:30",
    stats("x", {
      range: { kind: "between", from: { hour: 8, minute: 0 }, to: { hour: 12, minute: 30 } },
    }),
  ],
  [
    "stats x from 2026-11-20 08:00",
    stats("x", {
      range: { kind: "since", from: { year: 2026, month: 11, day: 20, hour: 8, minute: 0 } },
    }),
  ],
  [
    "stats x from 2026-11-20 08:00 to now",
    stats("x", {
      range: { kind: "since", from: { year: 2026, month: 11, day: 20, hour: 8, minute: 0 } },
    }),
  ],
  ["stats x types request,failure", stats("x", { types: ["REQUEST", "FAILURE"] })],
  ["stats x type failures, requests", stats("x", { types: ["REQUEST", "FAILURE"] })],
  ["stats x types skipped success bytes", stats("x", { types: ["SUCCESS", "SKIP", "SIZE"] })],
  ["stats x types size", stats("x", { types: ["SIZE"] })],
  ["stats x types all", stats("x")],
  ["stats x csv", stats("x", { csv: true })],
  [
    "stats x csv types failure today",
    stats("x", { csv: true, types: ["FAILURE"], range: { kind: "today" } }),
  ],
  // task names: several words, quotes, arrows
  ["stats nightly backup last 6h", stats("nightly backup")],
  ["stats nightly backup today", stats("nightly backup", { range: { kind: "today" } })],
  ["stats nightly backup", stats("nightly backup")],
  ['stats "nightly backup" today', stats("nightly backup", { range: { kind: "today" } })],
  ['stats "last" today', stats("last", { range: { kind: "today" } })],
  ["stats data from prod last 6h", stats("data from prod")],
  ["stats last backup", stats("last backup")],
  [
    "stats src->dst since 09:00",
    stats("src→dst", { range: { kind: "since", from: { hour: 9, minute: 0 } } }),
  ],
  ["stats src -> dst csv", stats("src→dst", { csv: true })],
  ["stats src&gt;dst", stats("src > dst")],
  ["  stats\t nightly-backup \n last   6h  ", stats("nightly-backup")],
  ["stat x", stats("x")],
  // alerts
  [
    "alert add nightly-backup failures > 10",
    {
      name: "alert.add",
      target: { all: false, task: "nightly-backup" },
      condition: { kind: "failures", threshold: 10, windowMs: 15 * MIN },
    },
  ],
  [
    "alert add nightly backup failures>10 in 30m",
    {
      name: "alert.add",
      target: { all: false, task: "nightly backup" },
      condition: { kind: "failures", threshold: 10, windowMs: 30 * MIN },
    },
  ],
  [
    "alert add all failures &gt; 0 in #ops",
    {
      name: "alert.add",
      target: { all: true },
      condition: { kind: "failures", threshold: 0, windowMs: 15 * MIN },
      channel: { name: "ops" },
    },
  ],
  [
    "alert add ALL failure-rate > 5% in 30m in <#C0123ABCD|ops> repeat 1h",
    {
      name: "alert.add",
      target: { all: true },
      condition: { kind: "failure-rate", percent: 5, windowMs: 30 * MIN },
      channel: { id: "C0123ABCD", name: "ops" },
      repeatMs: H,
    },
  ],
  [
    "alert add x failure rate > 2.5 % <#C0123ABCD>",
    {
      name: "alert.add",
      target: { all: false, task: "x" },
      condition: { kind: "failure-rate", percent: 2.5, windowMs: 15 * MIN },
      channel: { id: "C0123ABCD" },
    },
  ],
  [
    "alert add x stopped",
    { name: "alert.add", target: { all: false, task: "x" }, condition: { kind: "stopped" } },
  ],
  [
    "alert add x stalled 2h repeat every 30m",
    {
      name: "alert.add",
      target: { all: false, task: "x" },
      condition: { kind: "stalled", durationMs: 2 * H },
      repeatMs: 30 * MIN,
    },
  ],
  [
    "alert add x stalled for 2 hours",
    {
      name: "alert.add",
      target: { all: false, task: "x" },
      condition: { kind: "stalled", durationMs: 2 * H },
    },
  ],
  [
    "alert add failures archive failures > 3",
    {
      name: "alert.add",
      target: { all: false, task: "failures archive" },
      condition: { kind: "failures", threshold: 3, windowMs: 15 * MIN },
    },
  ],
  [
    'alert add "all" stopped',
    { name: "alert.add", target: { all: false, task: "all" }, condition: { kind: "stopped" } },
  ],
  ["alert", { name: "alert.list" }],
  ["alerts", { name: "alert.list" }],
  ["alert list", { name: "alert.list" }],
  ["alert remove a1b2c3", { name: "alert.remove", id: "a1b2c3" }],
  ["alert rm a1b2c3", { name: "alert.remove", id: "a1b2c3" }],
  ["alert mute nightly-backup 1h", { name: "alert.mute", target: "nightly-backup", durationMs: H }],
  [
    "alert mute nightly backup for 2 hours",
    { name: "alert.mute", target: "nightly backup", durationMs: 2 * H },
  ],
  ["alert mute a1b2c3 30m", { name: "alert.mute", target: "a1b2c3", durationMs: 30 * MIN }],
  ["alert unmute nightly backup", { name: "alert.unmute", target: "nightly backup" }],
  // digests
  ["digest add at 09:00", { name: "digest.add", at: { hour: 9, minute: 0 }, tasks: { all: true } }],
  [
    "digest add #migrations at 09:00 Europe/Berlin tasks nightly-backup,logs",
    {
      name: "digest.add",
      channel: { name: "migrations" },
      at: { hour: 9, minute: 0 },
      tz: "Europe/Berlin",
      tasks: { all: false, refs: ["nightly-backup", "logs"] },
    },
  ],
  [
    'digest add <#C0123ABCD|migrations> at 7:05 america/new_york tasks "nightly backup", logs sync',
    {
      name: "digest.add",
      channel: { id: "C0123ABCD", name: "migrations" },
      at: { hour: 7, minute: 5 },
      tz: "America/New_York",
      tasks: { all: false, refs: ["nightly backup", "logs sync"] },
    },
  ],
  [
    "digest add at 23:59 UTC tasks all",
    { name: "digest.add", at: { hour: 23, minute: 59 }, tz: "UTC", tasks: { all: true } },
  ],
  [
    "digest add tasks a, b at 00:00 in #ops",
    {
      name: "digest.add",
      at: { hour: 0, minute: 0 },
      channel: { name: "ops" },
      tasks: { all: false, refs: ["a", "b"] },
    },
  ],
  ["digest add at 9 am", { name: "digest.add", at: { hour: 9, minute: 0 }, tasks: { all: true } }],
  ["digest", { name: "digest.list" }],
  ["digest list", { name: "digest.list" }],
  ["digest remove d1e2f3", { name: "digest.remove", id: "d1e2f3" }],
  ["digest run d1e2f3", { name: "digest.run", id: "d1e2f3" }],
  // exports
  ["exports", { name: "exports" }],
  ["exports cdn daily", { name: "exports", taskName: "cdn daily" }],
  ['export "cdn daily"', { name: "exports", taskName: "cdn daily" }],
];

describe("parseCommand: valid input", () => {
  it.each(cases)("%j", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe("parseCommand: Slack escaping", () => {
  it("reads a channel mention with and without a name, and an empty name", () => {
    const withName = parseCommand("alert add x stopped in <#C0123ABCD|ops>");
    const bare = parseCommand("alert add x stopped <#C0123ABCD>");
    const empty = parseCommand("alert add x stopped <#C0123ABCD|>");
    expect(withName).toMatchObject({ channel: { id: "C0123ABCD", name: "ops" } });
    expect(bare).toMatchObject({ channel: { id: "C0123ABCD" } });
    expect(empty).toEqual(bare);
  });

  it("does not read an escaped channel-like text as a channel", () => {
    // `<` and `>` stand alone as comparison signs, so the text comes back re-spaced.
    expect(parseCommand("task &lt;#C0123ABCD|ops&gt;")).toEqual({
      name: "task",
      task: "< #C0123ABCD|ops >",
    });
  });
});
