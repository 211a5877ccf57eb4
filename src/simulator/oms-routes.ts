/**
 * OMS v2 sync-task routes (api-notes.md table; seeds 000/001 statistics, 002 show task).
 * Pure functions of (request URL, tasks, clock) → SimResponse; the server does the HTTP.
 */
import type { SimTask } from "./demo-tasks.ts";
import {
  alignedCount,
  chooseGranularity,
  granularityMs,
  type IntervalCounts,
  STAT_TYPES,
  type StatType,
  seriesPoints,
  sumCounts,
  utcMonth,
} from "./series.ts";
import {
  ERR,
  errorResponse,
  type ShowSyncTaskBody,
  type SimResponse,
  type StatisticsBody,
} from "./wire.ts";

export type OmsRoute =
  | { kind: "list"; projectId: string }
  | { kind: "show"; projectId: string; taskId: string }
  | { kind: "statistics"; projectId: string; taskId: string };

/** How ListSyncTaskStatistic treats a range; the real server's rules are not documented. */
export interface StatisticsRules {
  /** Count a point starting exactly at end_time too ([start, end] rather than [start, end)). */
  endInclusive: boolean;
  /** Most points per type in one answer (seeds 000/001: 1000). */
  maxPoints: number;
  /** A range holding more intervals than maxPoints: keep the oldest, or 400 OMS.0003. */
  tooManyPoints: "truncate" | "reject";
}

export interface OmsState {
  projectId: string;
  tasks: readonly SimTask[];
  now: () => number;
  statistics: StatisticsRules;
  /** ListSyncTasks answers this as `count` instead of the number of matching tasks. */
  listCount?: number;
  /** Names of tasks whose statistics always answer 503 OMS.2004 (a partial outage). */
  statisticsDown?: ReadonlySet<string>;
}

/** A task as it goes on the wire: its info with any odd fields it is given (odd-tasks.ts). */
function wireInfo(task: SimTask): Record<string, unknown> {
  return { ...task.info, ...task.wire };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Long per seed 000 (up to 9223372036854775807); precision past 2^53 does not matter here.
const DIGITS_RE = /^\d{1,19}$/;

/** Matches a GET on one of the three routes; anything else is not an OMS route (→ 404). */
export function matchOmsRoute(method: string, pathname: string): OmsRoute | null {
  if (method !== "GET") return null;
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  if (parts[0] !== "v2" || parts[2] !== "sync-tasks") return null;
  const projectId = safeDecode(parts[1] ?? "");
  if (!projectId) return null;
  if (parts.length === 3) return { kind: "list", projectId };
  const taskId = safeDecode(parts[3] ?? "");
  if (taskId === null) return null;
  if (parts.length === 4) return { kind: "show", projectId, taskId };
  if (parts.length === 5 && parts[4] === "statistics") {
    return { kind: "statistics", projectId, taskId };
  }
  return null;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function handleOmsRoute(
  route: OmsRoute,
  query: URLSearchParams,
  state: OmsState,
): SimResponse {
  // Chosen: a project that is not the caller's is refused like a missing permission (403
  // OMS.0206, api-notes), not hidden as 404; the cloud checks the token's scope first.
  if (route.projectId !== state.projectId) {
    return errorResponse(403, ERR.forbidden, `No permission for project ${route.projectId}.`);
  }
  if (route.kind === "list") return listTasks(query, state);
  if (!UUID_RE.test(route.taskId)) {
    return errorResponse(400, ERR.badTaskId, "Invalid sync task ID.");
  }
  const task = state.tasks.find((t) => t.id === route.taskId.toLowerCase());
  if (!task) {
    return errorResponse(400, ERR.notFound, `No resources found: sync task ${route.taskId}.`);
  }
  if (route.kind === "statistics" && state.statisticsDown?.has(task.name)) {
    return errorResponse(503, "OMS.2004", "Service unavailable (simulated partial outage).");
  }
  return route.kind === "show" ? showTask(task, query, state) : statistics(task, query, state);
}

function badParam(msg: string): SimResponse {
  return errorResponse(400, ERR.badParam, msg);
}

/** Parses an optional integer query parameter within [min, max]; a string is the error text. */
function intParam(
  q: URLSearchParams,
  name: string,
  dflt: number,
  min: number,
  max: number,
): number | string {
  const raw = q.get(name);
  if (raw === null) return dflt;
  if (!/^\d{1,6}$/.test(raw)) return `Invalid ${name}: must be an integer from ${min} to ${max}.`;
  const n = Number(raw);
  return n < min || n > max ? `Invalid ${name}: must be an integer from ${min} to ${max}.` : n;
}

/** ListSyncTasks: limit 1–100 (default 10), offset 0–10000, optional status (api-notes). */
function listTasks(q: URLSearchParams, state: OmsState): SimResponse {
  const limit = intParam(q, "limit", 10, 1, 100);
  if (typeof limit === "string") return badParam(limit);
  const offset = intParam(q, "offset", 0, 0, 10_000);
  if (typeof offset === "string") return badParam(offset);
  const status = q.get("status");
  if (status !== null && status !== "SYNCHRONIZING" && status !== "STOPPED") {
    return badParam("Invalid status: must be SYNCHRONIZING or STOPPED.");
  }
  // Inferred order: newest first, as the console lists tasks.
  const matching = state.tasks
    .filter((t) => status === null || t.info.status === status)
    .sort((a, b) => b.createTime - a.createTime);
  const page = matching.slice(offset, offset + limit).map(wireInfo);
  return { status: 200, body: { tasks: page, count: state.listCount ?? matching.length } };
}

function parseMs(q: URLSearchParams, name: string): number | string {
  const raw = q.get(name);
  if (raw === null || raw === "") return `Missing ${name}: give a Unix time in milliseconds.`;
  if (!DIGITS_RE.test(raw)) return `Invalid ${name}: must be a Unix time in milliseconds.`;
  return Number(raw);
}

/** ShowSyncTask: query_time is required (seed 002); monthly_* cover its UTC calendar month. */
function showTask(task: SimTask, q: URLSearchParams, state: OmsState): SimResponse {
  const queryTime = parseMs(q, "query_time");
  if (typeof queryTime === "string") return badParam(queryTime);
  const month = utcMonth(queryTime);
  const sums: IntervalCounts = sumCounts(task, month.start, month.end, state.now()) ?? {
    REQUEST: 0,
    SUCCESS: 0,
    FAILURE: 0,
    SKIP: 0,
    SIZE: 0,
  };
  const { source_cdn: _omitted, ...info } = wireInfo(task);
  const body: Partial<ShowSyncTaskBody> & Record<string, unknown> = {
    ...info,
    monthly_acceptance_request: sums.REQUEST,
    monthly_success_object: sums.SUCCESS,
    monthly_failure_object: sums.FAILURE,
    monthly_skip_object: sums.SKIP,
    monthly_size: sums.SIZE,
  };
  return { status: 200, body };
}

function parseTypes(raw: string | null): StatType[] | string {
  if (raw === null || raw.trim() === "") {
    return `Missing data_type: give one or more of ${STAT_TYPES.join(",")}.`;
  }
  const out: StatType[] = [];
  for (const part of raw.split(",")) {
    const t = part.trim();
    const known = STAT_TYPES.find((k) => k === t);
    if (!known) return `Invalid data_type ${JSON.stringify(t)}: use ${STAT_TYPES.join(",")}.`;
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

/** ListSyncTaskStatistic (seeds 000/001). */
function statistics(task: SimTask, q: URLSearchParams, state: OmsState): SimResponse {
  const types = parseTypes(q.get("data_type"));
  if (typeof types === "string") return badParam(types);
  const start = parseMs(q, "start_time");
  if (typeof start === "string") return badParam(start);
  const end = parseMs(q, "end_time");
  if (typeof end === "string") return badParam(end);
  if (end < start) return badParam("Invalid time range: end_time is before start_time.");
  const rules = state.statistics;
  // Inclusive: a point may start at end_time itself, so the range is [start, end + 1 ms).
  const stop = rules.endInclusive ? end + 1 : end;
  const granularity = chooseGranularity(start, stop);
  const intervals = alignedCount(start, stop, granularityMs(granularity));
  if (rules.tooManyPoints === "reject" && intervals > rules.maxPoints) {
    return errorResponse(
      400,
      ERR.rangeTooLarge,
      `The time range is too large: ${intervals} points, at most ${rules.maxPoints}.`,
    );
  }
  const points = seriesPoints(task, start, stop, granularity, state.now(), rules.maxPoints);
  const body: StatisticsBody = {
    sync_task_id: task.id,
    statistic_time_type: granularity,
    statistic_datas: types.map((type) => ({
      data_type: type,
      data: points.map((p) => ({ time_stamp: p.t, statistic_num: p.counts[type] })),
    })),
  };
  return { status: 200, body };
}
