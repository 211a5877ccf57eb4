/** Shared set-up for simulator tests: a fixed clock and a small HTTP helper over loopback. */
import { request } from "undici";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/server.ts";

/** Mid-month, mid-day, not on a 5-minute boundary: edges show up if they are wrong. */
export const NOW = Date.UTC(2025, 5, 15, 12, 3, 7);
export const FIVE_MIN = 300_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export function startTestSim(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ now: () => NOW, ...opts });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** GET (or other method) with the demo static token unless `token` is null or given. */
export async function call(
  sim: Simulator,
  path: string,
  opts: {
    token?: string | null;
    method?: "GET" | "POST";
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? sim.credentials.tokens[0] : opts.token;
  if (token !== null && token !== undefined) headers["x-auth-token"] = token;
  const res = await request(`${sim.url}${path}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.body,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export function byName(sim: Simulator, name: string): string {
  const t = sim.tasks.find((x) => x.name === name);
  if (!t) throw new Error(`no demo task ${name}`);
  return t.id;
}

export function statsPath(
  sim: Simulator,
  id: string,
  types: string,
  start: number,
  end: number,
): string {
  return `/v2/${sim.projectId}/sync-tasks/${id}/statistics?data_type=${types}&start_time=${start}&end_time=${end}`;
}

export interface StatsBody {
  sync_task_id: string;
  statistic_time_type: string;
  statistic_datas: Array<{
    data_type: string;
    data: Array<{ time_stamp: number; statistic_num: number }>;
  }>;
}

export function series(
  body: unknown,
  type: string,
): Array<{ time_stamp: number; statistic_num: number }> {
  const b = body as StatsBody;
  const s = b.statistic_datas.find((d) => d.data_type === type);
  if (!s) throw new Error(`no ${type} series`);
  return s.data;
}
