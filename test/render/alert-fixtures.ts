import type { IncidentChartInput } from "../../src/core/chart-input.ts";
import type { DigestChartInput, DigestChartRow } from "../../src/core/digest-chart-input.ts";
import type { StatPoint } from "../../src/core/domain.ts";
import { FIVE_MIN, START, statsInput } from "./fixtures.ts";

/** Synthetic, deterministic incident and digest inputs; no simulator, no randomness. */

/** 2 h at 5 min, like core's incident chart. */
export const INCIDENT_POINTS = 24;

/**
 * The last 2 h of a task whose failures in 15 m (rolling) rise past 10: `values` are the
 * rule's measure per interval (default: quiet, then a climb over the threshold at the end).
 */
export function incidentInput(
  values: readonly number[] = [
    0, 0, 1, 1, 2, 1, 0, 0, 1, 2, 3, 2, 2, 3, 4, 6, 8, 9, 12, 15, 18, 16, 14, 13,
  ],
  unit: "count" | "percent" = "count",
  threshold = 10,
): IncidentChartInput {
  const base = statsInput(INCIDENT_POINTS, ["REQUEST", "SUCCESS", "FAILURE"]);
  return {
    ...base,
    subtitle: "alert a1b2 · last 2 h to 2026-11-21 16:00 (Asia/Shanghai)",
    alert: {
      label: unit === "count" ? "failures in 15m (rolling)" : "failure rate in 30m (rolling), %",
      points: values.map((v, i) => ({ t: START + i * FIVE_MIN, v })),
      threshold,
      unit,
    },
  };
}

const DAY_POINTS = 288;
const NAMES = [
  "photos-archive → backup-bj",
  "夜间备份 nightly",
  "logs-eu-central-1-to-obs-cn-north-4-cold-storage-archive",
  "db-dumps",
  "media-cdn-origin",
];

/** A 24 h series of `f` per 5-minute interval. */
function daySeries(f: (i: number) => number): StatPoint[] {
  return Array.from({ length: DAY_POINTS }, (_, i) => ({ t: START + i * FIVE_MIN, v: f(i) }));
}

/** Row `i` of a digest: every 7th row unavailable, every 3rd without failures. */
export function digestRow(i: number): DigestChartRow {
  const name = `${NAMES[i % NAMES.length] ?? "task"}${i >= NAMES.length ? ` #${i}` : ""}`;
  const unavailable = i % 7 === 6;
  const wave = (k: number) => Math.sin(((k + i * 17) / DAY_POINTS) * 2 * Math.PI);
  const burstAt = (i * 37) % 250;
  const failing = i % 3 !== 2;
  const failure = daySeries((k) =>
    failing && k >= burstAt && k < burstAt + 6 ? 5 + ((k * (i + 3)) % 20) : 0,
  );
  return {
    taskId: `task-${i}`,
    name,
    status: "SYNCHRONIZING",
    unavailable,
    series: unavailable
      ? {}
      : {
          REQUEST: daySeries((k) => Math.round((1000 + 100 * i) * (1.3 + wave(k)))),
          FAILURE: failure,
        },
    failed: unavailable ? undefined : failure.reduce((a, p) => a + p.v, 0),
  };
}

export function digestInput(rows: number, more = 0): DigestChartInput {
  return {
    title: "OMS daily digest · 2026-11-22",
    subtitle: `last 24 h to 2026-11-22 14:00 (Asia/Shanghai)${more > 0 ? ` · ${rows} of ${rows + more} tasks, most failures first` : ""}`,
    tz: "Asia/Shanghai",
    range: { start: START, end: START + DAY_POINTS * FIVE_MIN },
    granularity: "FIVE_MINUTES",
    rows: Array.from({ length: rows }, (_, i) => digestRow(i)),
    more,
  };
}
