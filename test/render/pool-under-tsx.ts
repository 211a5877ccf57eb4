// Run by pool-under-tsx.test.ts as `tsx test/render/pool-under-tsx.ts`: the pool's worker
// bootstrap must also work when the bot runs under tsx (npm start), not only under vitest.
import { RenderPool } from "../../src/render/pool.ts";
import { statsInput } from "./fixtures.ts";

const pool = new RenderPool({ size: 1 });
const png = await pool.renderStats(statsInput(72));
await pool.close();
process.stdout.write(
  `png ${png.length} ${[...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")}\n`,
);
