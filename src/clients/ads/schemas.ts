/**
 * The ADS task-list answer (seed 004, "枚举同步任务列表") read into the domain type.
 *
 * The errors are `google.rpc.Status`, the mark of a gRPC gateway, whose proto3 JSON sends int64
 * numbers as strings and leaves out fields holding their default: so every number here is read
 * from a number or a numeric string, and every field may be absent.
 *
 * SECRETS: `src_third_info` carries the third-party cloud's `ak` and `sk` (seed 004). They are
 * dropped right here, while parsing: the schema names only `type`, `host` and `path`, zod's
 * object drops every key it does not name, and the transform below copies the named ones by
 * hand. Nothing after this file ever holds them (no reply, log line, store value or chart).
 */
import { z } from "zod";
import type { AdsPath, AdsTask, AdsThirdPartySource } from "../../core/ads-domain.ts";

/**
 * A number, from a JSON number or a numeric string (proto3 JSON int64); else absent. `.optional()`
 * because zod 4 makes a transformed `unknown` a required key, and proto3 leaves defaults out.
 */
const num = z
  .unknown()
  .optional()
  .transform((v): number | null => {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
    return null;
  });

/** Text as it came; a number reads as its text (an enum sent as its number); else absent. */
const text = z
  .unknown()
  .optional()
  .transform((v): string | null => {
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    return null;
  });

/**
 * Seed 004 types start/end/create as bare numbers (the example shows 0) without a unit. ASSUMED:
 * a value below 10^11 is seconds (10^11 s is the year 5138; 10^11 ms is 1973), else ms; 0 is
 * proto3's "not set".
 */
export function adsTimeToMs(v: number | null): number | null {
  if (v === null || v <= 0) return null;
  return v < 1e11 ? v * 1000 : v;
}

const pathSchema = z
  .object({ id: text, name: text, region: text, zone: text, prefix: text, endpoint: text })
  .transform(
    (p): AdsPath => ({
      id: p.id ?? "",
      name: p.name ?? "",
      region: p.region ?? "",
      zone: p.zone ?? "",
      prefix: p.prefix ?? "",
      endpoint: p.endpoint ?? "",
    }),
  );

/** `ak` and `sk` are deliberately not named: see the file comment. */
const thirdPartySchema = z
  .object({ type: text, host: text, path: text })
  .transform(
    (t): AdsThirdPartySource => ({ type: t.type ?? "", host: t.host ?? "", path: t.path ?? "" }),
  );

/** An optional nested object: one of the wrong shape reads as absent, not as a broken answer. */
const optional = <T>(schema: z.ZodType<T>) => schema.nullish().catch(null);

export const adsTaskSchema = z
  .object({
    task_id: z.string().min(1),
    task_name: text,
    type: text,
    // Any string: a state the seed does not list is shown as it came.
    state: text,
    src_info: z.array(pathSchema).nullish().catch(null),
    dst_info: optional(pathSchema),
    src_third_info: optional(thirdPartySchema),
    size_unit: text,
    size: num,
    start: num,
    end: num,
    create: num,
    percent: num,
    rate: text,
    time_cost: text,
    err_msg: text,
    total_num: num,
    complete_num: num,
    exist_num: num,
  })
  .transform(
    (t): AdsTask => ({
      id: t.task_id,
      name: t.task_name ?? "",
      type: t.type ?? "",
      state: t.state ?? "UNKNOWN",
      sources: t.src_info ?? [],
      destination: t.dst_info ?? null,
      thirdParty: t.src_third_info ?? null,
      size: t.size,
      sizeUnit: t.size_unit || null,
      started: adsTimeToMs(t.start),
      ended: adsTimeToMs(t.end),
      created: adsTimeToMs(t.create),
      percent: t.percent,
      rate: t.rate || null,
      timeCost: t.time_cost || null,
      errMsg: t.err_msg || null,
      totalNum: t.total_num,
      completeNum: t.complete_num,
      existNum: t.exist_num,
    }),
  );

/** Items are read one by one in the client, so one unreadable task costs only itself. */
export const adsListSchema = z.object({
  data_sync_task: z.array(z.unknown()).nullish(),
  page: z.object({ page: num, page_size: num, total: num }).nullish(),
});
export type AdsListAnswer = z.infer<typeof adsListSchema>;

/** google.rpc.Status (seed 004 "Default error response"). */
export const rpcStatusSchema = z.object({
  code: num,
  message: text,
  details: z.array(z.unknown()).nullish().catch(null),
});
