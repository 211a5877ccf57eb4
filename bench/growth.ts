/**
 * No growth: `n` stats charts (288 points) through the bot's RenderPool (its defaults), 8 in flight, in this
 * process; RSS after the first 500 and after all of them. Prints one JSON line.
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
  const t0 = performance.now();
  try {
    const lane = async (): Promise<void> => {
      while (done < n) {
        done++;
        const mine = done;
        await pool.renderStats(chart);
        if (mine % 500 === 0) samples.push(mb(process.memoryUsage.rss()));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const result: GrowthResult = {
    charts: done,
    rssAt500Mb: samples[0] ?? Number.NaN,
    rssEndMb: samples.at(-1) ?? Number.NaN,
    samples,
    peakRssMb: peakRssMb(),
    chartsPerS: Math.round((done / seconds) * 10) / 10,
  };
  console.log(JSON.stringify(result));
}

await main();
