/**
 * Huawei Cloud region IDs, to catch a typo in OMS_REGION at start rather than at the first
 * command (a wrong region only fails later, as an unreachable host). OMS sync tasks and their
 * statistics are documented in cn-north-4, cn-east-3 and cn-southwest-2 (api-notes "OMS v2"),
 * but OMS itself runs in more, so every region is accepted; the start-up check then says whether
 * OMS answers there. A region newer than this list can still be
 * used through OMS_ENDPOINT.
 */
import { closestMatches } from "./core/text-distance.ts";

export const SYNC_TASK_REGIONS: readonly string[] = ["cn-north-4", "cn-east-3", "cn-southwest-2"];

const OTHER_REGIONS: readonly string[] = [
  "cn-north-1",
  "cn-north-2",
  "cn-north-9",
  "cn-north-11",
  "cn-north-12",
  "cn-east-2",
  "cn-east-4",
  "cn-east-5",
  "cn-south-1",
  "cn-south-2",
  "cn-south-4",
  "cn-southwest-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "af-south-1",
  "af-north-1",
  "la-north-2",
  "la-south-2",
  "sa-brazil-1",
  "na-mexico-1",
  "tr-west-1",
  "me-east-1",
  "ru-northwest-2",
  "eu-west-0",
  "eu-west-101",
  "my-kualalumpur-1",
];

export type RegionReading = { ok: true; region: string } | { ok: false; problem: string };

export function readRegion(typed: string): RegionReading {
  const known = [...SYNC_TASK_REGIONS, ...OTHER_REGIONS];
  if (known.includes(typed)) {
    return { ok: true, region: typed };
  }
  const lower = typed.toLowerCase();
  if (known.includes(lower)) {
    return { ok: false, problem: `OMS_REGION must be lower case: use ${lower}` };
  }
  const near = closestMatches(lower, known, 3, 2);
  const hint = near.length > 0 ? `; did you mean ${near.join(" or ")}?` : "";
  return {
    ok: false,
    problem: `OMS_REGION is not a Huawei Cloud region ID${hint} (OMS sync tasks run in ${SYNC_TASK_REGIONS.join(", ")}; for a region not listed here, set OMS_ENDPOINT instead)`,
  };
}
