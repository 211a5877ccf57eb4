/**
 * `npm run bench`: every benchmark, one table each. Numbers, not assertions: the machine is
 * noisy (2 cores), so read medians and compare runs on the same machine.
 */
import { benchOms } from "./oms.ts";
import { benchRender } from "./render.ts";
import { benchSlack } from "./slack.ts";

const suites: Array<[string, () => Promise<Array<Record<string, string | number>>>]> = [
  ["OMS client ↔ simulator (loopback)", benchOms],
  ["Chart rendering", benchRender],
  ["Slack adapter", () => benchSlack()],
];

const only = process.argv[2];
for (const [name, run] of suites) {
  if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`\n## ${name}`);
  console.table(await run());
}
