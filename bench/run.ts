/**
 * `npm run bench`: issue 11's targets in one table (target, median, min–max, baseline, ratio,
 * pass/fail). `npm run bench -- --check` exits 1 when a target is missed; `--quick` shortens the
 * no-growth run. `npm run bench -- <name>` runs the suites whose name contains <name> instead
 * (e.g. `render`, `slack`, `all` for every suite). CI does not run the bench: the machine is
 * noisy (2 cores), so read medians and compare runs on the same machine.
 */
import { benchAlerts } from "./alerts.ts";
import { benchOms } from "./oms.ts";
import { startRealRunner } from "./real-runner.ts";
import { benchRender } from "./render.ts";
import { benchSlack } from "./slack.ts";
import { benchTargets } from "./targets.ts";

type Rows = Array<Record<string, string | number>>;

async function slackWithRealRunner(): Promise<Rows> {
  const real = await startRealRunner();
  try {
    return await benchSlack(real.runner, { task: "nightly-backup" });
  } finally {
    await real.close();
  }
}

const args = process.argv.slice(2);
const check = args.includes("--check");
const quick = args.includes("--quick");
const only = args.find((a) => !a.startsWith("--"));

let missed = 0;
const suites: Array<[string, () => Promise<Rows>]> = [
  [
    "Targets (issue 11)",
    async () => {
      const rows = await benchTargets({ quick });
      missed += rows.filter((r) => r.pass !== "pass").length;
      return rows;
    },
  ],
  ["OMS client ↔ simulator (loopback)", benchOms],
  ["Chart rendering", benchRender],
  ["Alerts and digests at scale (simulator, 50 ms latency)", benchAlerts],
  ["Slack adapter, real runner: simulator + worker charts", slackWithRealRunner],
  ["Slack adapter, CPU-busy fake runner (50 ms a command)", () => benchSlack()],
];

for (const [name, run] of suites) {
  const wanted = only
    ? only === "all" || name.toLowerCase().includes(only.toLowerCase())
    : name.startsWith("Targets");
  if (!wanted) continue;
  console.log(`\n## ${name}`);
  console.table(await run());
}
if (check && missed > 0) {
  console.error(`${missed} target(s) missed`);
  process.exitCode = 1;
}
