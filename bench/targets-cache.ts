/**
 * The caching targets, measured on the real classes the app wires (stats-cache.ts in front of
 * the stats handler's OMS call and render; chart-memo.ts in front of the alert charts): how many
 * OMS calls and renders the second request, and the 2nd–5th channel, cost.
 */
import { StatsCache } from "../src/app/stats-cache.ts";
import { ChartMemo } from "../src/render/chart-memo.ts";
import { RenderPool } from "../src/render/pool.ts";
import { digestInput, incidentInput } from "../test/render/alert-fixtures.ts";
import { input } from "./render.ts";
import { row, type TargetRow } from "./targets.ts";

export async function cacheTargets(): Promise<TargetRow[]> {
  const pool = new RenderPool({ size: 2 });
  try {
    let omsCalls = 0;
    let renders = 0;
    const cache = new StatsCache<Uint8Array>();
    const chart = input(288);
    const ask = (end: number) =>
      cache.get(
        { taskId: "t1", start: chart.range.start, end, types: ["REQUEST"], tz: "UTC" },
        () => {
          omsCalls++;
          renders++;
          return pool.renderStats(chart);
        },
      );
    await ask(chart.range.end);
    const [calls1, renders1] = [omsCalls, renders];
    const t0 = performance.now();
    await ask(chart.range.end + 20_000); // "last 24h" asked again 20 s later
    const hitMs = performance.now() - t0;
    const second = omsCalls - calls1 + (renders - renders1);

    let drawn = 0;
    const memo = new ChartMemo({
      renderIncident: (i) => {
        drawn++;
        return pool.renderIncident(i);
      },
      renderDigest: (d) => {
        drawn++;
        return pool.renderDigest(d);
      },
    });
    const digest = digestInput(5);
    const incident = incidentInput();
    await Promise.all(Array.from({ length: 5 }, () => memo.renderDigest(digest)));
    for (let c = 0; c < 5; c++) await memo.renderIncident(incident);
    return [
      {
        ...row(
          "same stats request again 20 s later: OMS calls + renders",
          [second],
          "",
          "0",
          second === 0,
        ),
        baseline: `hit in ${Math.round(hitMs * 10) / 10} ms`,
      },
      row(
        "digest + incident chart to 5 channels each: renders",
        [drawn],
        "",
        "2 (one each)",
        drawn === 2,
      ),
    ];
  } finally {
    await pool.close();
  }
}
