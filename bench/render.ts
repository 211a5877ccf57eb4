import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { IncidentChartInput, StatsChartInput } from "../src/core/chart-input.ts";
import type { DigestChartInput, DigestChartRow } from "../src/core/digest-chart-input.ts";
import type { DataType, StatPoint } from "../src/core/domain.ts";
import { RenderPool } from "../src/render/pool.ts";
import { prepareStatsChart } from "../src/render/prepare.ts";
import { buildView, type RenderResult, StatsRenderer } from "../src/render/renderer.ts";

/**
 * Chart rendering cost per stage and per whole chart, for 72 (6 h), 288 (24 h) and 2016 (7 d)
 * points per series at 5-minute granularity. Medians over RUNS; this machine is noisy (±15 %).
 */

const RUNS = 5;
const POINTS = [72, 288, 2016] as const;
const START = Date.UTC(2026, 10, 21, 6);
const STEP = 300_000;

/** 5 series × n points at 5 min, shaped like a real task's day; shared with the targets bench. */
export function input(n: number): StatsChartInput {
  const wave = (i: number) => Math.sin((i / 288) * 4 * Math.PI);
  // Deterministic jitter so lines are not perfectly smooth, as real counts are not.
  const jitter = (i: number, k: number) => ((i * 7919 + k * 104_729) % 97) / 97;
  const s = (k: number, f: (i: number) => number): StatPoint[] =>
    Array.from({ length: n }, (_, i) => ({
      t: START + i * STEP,
      v: Math.round(f(i) + 80 * jitter(i, k)),
    }));
  const series: Record<DataType, StatPoint[]> = {
    REQUEST: s(1, (i) => 1200 + 500 * wave(i)),
    SUCCESS: s(2, (i) => 1100 + 500 * wave(i)),
    SKIP: s(3, () => 20),
    FAILURE: s(4, (i) => (i % 97 < 3 ? 300 : 0)),
    SIZE: s(5, (i) => 3 * 2 ** 30 * (1.2 + wave(i))),
  };
  return {
    title: "bench-task",
    subtitle: `${n} points per series`,
    tz: "Europe/Berlin",
    range: { start: START, end: START + n * STEP },
    granularity: "FIVE_MINUTES",
    series,
  };
}

/** The incident chart as core builds it: 2 h at 5 min, the rule's rolling failures past 10. */
function incidentInput(): IncidentChartInput {
  const base = input(24);
  const { SIZE: _size, SKIP: _skip, ...series } = base.series;
  return {
    ...base,
    series,
    alert: {
      label: "failures in 15m (rolling)",
      points: Array.from({ length: 24 }, (_, i) => ({
        t: START + i * STEP,
        v: i < 16 ? i % 4 : i,
      })),
      threshold: 10,
      unit: "count",
    },
  };
}

/** A digest of `rows` tasks over 24 h at 5 min, every 7th unavailable. */
function digestInput(rows: number): DigestChartInput {
  const day = input(288);
  const row = (i: number): DigestChartRow => ({
    taskId: `t${i}`,
    name: `bench-task-${i}-to-obs-backup`,
    status: "SYNCHRONIZING",
    unavailable: i % 7 === 6,
    series:
      i % 7 === 6 ? {} : { REQUEST: day.series.REQUEST ?? [], FAILURE: day.series.FAILURE ?? [] },
    failed: i % 7 === 6 ? undefined : 900,
  });
  return {
    title: "OMS daily digest · bench",
    subtitle: `${rows} tasks`,
    tz: "Europe/Berlin",
    range: day.range,
    granularity: "FIVE_MINUTES",
    rows: Array.from({ length: rows }, (_, i) => row(i)),
    more: 10,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const ms = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function inProcess(n: number, renderer: StatsRenderer) {
  const chart = input(n);
  const variant = prepareStatsChart(chart).variant;
  const compile: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    buildView(variant);
    compile.push(performance.now() - t0);
  }
  await renderer.render(chart); // warm: the variant's View is built once per renderer
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push((await renderer.render(chart)).timings);
  const total = runs.map((t) => t.prepareMs + t.svgMs + t.rasterMs + t.encodeMs);
  return {
    prepare_ms: ms(median(runs.map((t) => t.prepareMs))),
    compile_ms: ms(median(compile)),
    dataflow_svg_ms: ms(median(runs.map((t) => t.svgMs))),
    resvg_raster_ms: ms(median(runs.map((t) => t.rasterMs))),
    png_encode_ms: ms(median(runs.map((t) => t.encodeMs))),
    in_process_chart_ms: ms(median(total)),
  };
}

async function throughPool(n: number, pool: RenderPool) {
  const chart = input(n);
  const single: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await pool.renderStats(chart);
    single.push(performance.now() - t0);
  }
  // 8 at once on 2 workers: how long the burst takes and how long the main thread ever stalls.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, () => pool.renderStats(chart)));
  const burst = performance.now() - t0;
  loop.disable();
  return {
    pool_chart_ms: ms(median(single)),
    pool_8_charts_ms: ms(burst),
    main_thread_max_stall_ms: ms(loop.max / 1e6),
  };
}

/** One alert chart kind: stage medians in-process, and the whole chart through the pool. */
async function alertChart(
  name: string,
  draw: () => Promise<RenderResult>,
  pooled: () => Promise<Uint8Array>,
): Promise<Record<string, string | number>> {
  const first = await draw(); // the variant's View is built once per renderer
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push((await draw()).timings);
  await pooled();
  const viaPool: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await pooled();
    viaPool.push(performance.now() - t0);
  }
  return {
    bench: "render",
    chart: name,
    png: `${first.width}×${first.height}`,
    prepare_ms: ms(median(runs.map((t) => t.prepareMs))),
    compile_ms: ms(first.timings.compileMs),
    dataflow_svg_ms: ms(median(runs.map((t) => t.svgMs))),
    resvg_raster_ms: ms(median(runs.map((t) => t.rasterMs))),
    png_encode_ms: ms(median(runs.map((t) => t.encodeMs))),
    in_process_chart_ms: ms(
      median(runs.map((t) => t.prepareMs + t.svgMs + t.rasterMs + t.encodeMs)),
    ),
    pool_chart_ms: ms(median(viaPool)),
  };
}

/** The incident chart and the digest at 20 and 50 rows (the most a digest draws). */
export async function benchAlertCharts(): Promise<Array<Record<string, string | number>>> {
  const renderer = new StatsRenderer();
  const pool = new RenderPool({ size: 2 });
  try {
    const incident = incidentInput();
    const rows = [
      await alertChart(
        "incident (2 h + alert)",
        () => renderer.renderIncidentChart(incident),
        () => pool.renderIncident(incident),
      ),
    ];
    for (const n of [20, 50]) {
      const digest = digestInput(n);
      rows.push(
        await alertChart(
          `digest ${n} rows`,
          () => renderer.renderDigestChart(digest),
          () => pool.renderDigest(digest),
        ),
      );
    }
    return rows;
  } finally {
    await pool.close();
  }
}

export async function benchRender(): Promise<Array<Record<string, string | number>>> {
  // The pool goes first: the in-process runs leave garbage whose GC would show up as main-thread
  // stalls that the pool itself does not cause.
  const pooled = new Map<number, Awaited<ReturnType<typeof throughPool>>>();
  const pool = new RenderPool({ size: 2 });
  try {
    await Promise.all([pool.renderStats(input(72)), pool.renderStats(input(72))]);
    for (const n of POINTS) pooled.set(n, await throughPool(n, pool));
  } finally {
    await pool.close();
  }

  const renderer = new StatsRenderer();
  const tCold = performance.now();
  await renderer.render(input(288));
  const coldMs = performance.now() - tCold;
  const rows: Array<Record<string, string | number>> = [];
  for (const n of POINTS) {
    const prepared = prepareStatsChart(input(n));
    rows.push({
      bench: "render",
      points_per_series: n,
      drawn_per_series: prepared.counts.length / prepared.variant.countTypes.length,
      ...(await inProcess(n, renderer)),
      ...pooled.get(n),
      peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
    });
  }
  // The aggregation decision: the same 7-day chart drawn with every point.
  const full = await inProcess(
    2016,
    new StatsRenderer({ maxDrawnPoints: Number.POSITIVE_INFINITY }),
  );
  rows.push({ bench: "render", points_per_series: 2016, drawn_per_series: 2016, ...full });
  rows.push({ bench: "render", first_chart_cold_ms: ms(coldMs) });
  rows.push(...(await benchAlertCharts()));
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchRender());
}
