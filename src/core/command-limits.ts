/** Defaults and bounds of the command language, shared by the parser, the range maths and help. */
import type { RangeSpec } from "./command.ts";
import { DATA_TYPES, type DataType } from "./domain.ts";
import { UNIT_MS } from "./duration.ts";

export const DEFAULT_RANGE: RangeSpec = { kind: "last", amount: 6, unit: "h" };
export const DEFAULT_TYPES: readonly DataType[] = DATA_TYPES;

/** The statistics API serves at most this span, and nothing older than this. */
export const MAX_RANGE_MS = 90 * UNIT_MS.d;
/** The API's points are 5 minutes apart: a shorter range may hold none and come back empty. */
export const MIN_RANGE_MS = 5 * UNIT_MS.m;

/** `failures > N` and `failure-rate > P%` look at this much history unless `in <window>` says. */
export const DEFAULT_ALERT_WINDOW_MS = 15 * UNIT_MS.m;
/** The API's finest grain is 5 minutes: a shorter window would hold no complete point. */
export const MIN_ALERT_WINDOW_MS = 5 * UNIT_MS.m;
export const MAX_ALERT_WINDOW_MS = UNIT_MS.d;

export const MIN_REPEAT_MS = 5 * UNIT_MS.m;
export const MAX_REPEAT_MS = 7 * UNIT_MS.d;

export const MIN_STALLED_MS = 5 * UNIT_MS.m;
export const MAX_STALLED_MS = 30 * UNIT_MS.d;

export const MIN_MUTE_MS = UNIT_MS.m;
export const MAX_MUTE_MS = 30 * UNIT_MS.d;

/** Dates outside these years are typos, and keep Date arithmetic far from its limits. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
