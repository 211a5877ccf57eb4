/**
 * No growth: `n` stats charts (288 points) through the bot's RenderPool (its defaults), 8 in
 * flight, in this process; RSS after the first 500 and after all of them, each read with no
 * chart in flight. Prints one JSON line.
 * Run: node --import tsx bench/growth.ts [n]
 */
import { RenderPool } from "../src/render/pool.ts";
import { peakRssMb } from "./child.ts";
import { input } from "./render.ts";

export interface GrowthResult {
  charts: number;
  rssAt500Mb: number;
  rssEndMb: number;
  /** RSS every 500 charts, MB: whether it levels off or keeps rising. */
  samples: number[];
  peakRssMb: number;
  chartsPerS: number;
}

const IN_FLIGHT = 8;
const mb = (b: number) => Math.round(b / 2 ** 20);

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  const chart = input(288);
  const pool = new RenderPool();
  const samples: number[] = [];
  let done = 0;
  /** Charts up to `until`, 8 in flight; RSS every 500 on the way (charts in flight then). */
  const run = (until: number) => {
    const lane = async (): Promise<void> => {
      while (done < until) {
        done++;
        const mine = done;
        await pool.renderStats(chart);
        if (mine % 500 === 0) samples.push(mb(process.memoryUsage.rss()));
      }
    };
    return Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  };
  // The two compared figures are read with no chart in flight: one sampled mid-burst can be
  // ±20 MB off (each chart in flight holds ~12 MB of native buffers).
  let rssAt500Mb = Number.NaN;
  let rssEndMb = Number.NaN;
  const t0 = performance.now();
  try {
    await run(Math.min(500, n));
    rssAt500Mb = mb(process.memoryUsage.rss());
    await run(n);
    rssEndMb = mb(process.memoryUsage.rss());
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const result: GrowthResult = {
    charts: done,
    rssAt500Mb,
    rssEndMb,
    samples,
    peakRssMb: peakRssMb(),
    chartsPerS: Math.round((done / seconds) * 10) / 10,
  };
  console.log(JSON.stringify(result));
}

await main();
