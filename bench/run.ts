/**
 * `npm run bench`: every benchmark, one table each; `npm run bench -- slack` runs the suites
 * whose name contains "slack". Numbers, not assertions: the machine is noisy (2 cores), so read
 * medians and compare runs on the same machine.
 */
import { benchAlerts } from "./alerts.ts";
import { benchOms } from "./oms.ts";
import { startRealRunner } from "./real-runner.ts";
import { benchRender } from "./render.ts";
import { benchSlack } from "./slack.ts";

type Rows = Array<Record<string, string | number>>;

async function slackWithRealRunner(): Promise<Rows> {
  const real = await startRealRunner();
  try {
    return await benchSlack(real.runner, { task: "nightly-backup" });
  } finally {
    await real.close();
  }
}

const suites: Array<[string, () => Promise<Rows>]> = [
  ["OMS client ↔ simulator (loopback)", benchOms],
  ["Chart rendering", benchRender],
  ["Alerts and digests at scale (simulator, 50 ms latency)", benchAlerts],
  ["Slack adapter, real runner: simulator + worker charts", slackWithRealRunner],
  ["Slack adapter, CPU-busy fake runner (50 ms a command)", () => benchSlack()],
];

const only = process.argv[2];
for (const [name, run] of suites) {
  if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`\n## ${name}`);
  console.table(await run());
}
