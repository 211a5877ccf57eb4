/**
 * 100 concurrent `/oms stats` through the Slack adapter with the real runner and worker pool,
 * in a process of its own so its peak RSS is the bot's (plus the simulator and fake Slack it
 * talks to, which a deployed bot does not carry). Prints one JSON line.
 */
import { peakRssMb } from "./child.ts";
import { startRealRunner } from "./real-runner.ts";
import { benchSlack } from "./slack.ts";

const real = await startRealRunner();
try {
  const rows = await benchSlack(real.runner, { task: "nightly-backup" });
  console.log(JSON.stringify({ rows, peakRssMb: peakRssMb() }));
} finally {
  await real.close();
}
