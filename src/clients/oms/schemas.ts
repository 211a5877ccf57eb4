/**
 * The OMS v2 answers as documented (seeds 000–002, api-notes "OMS v2"). Fields the pages mark
 * optional or that the example shows as null are nullish here, so a sparse but valid answer is
 * not mistaken for a broken one.
 *
 * Lenient where one odd value must not cost the whole answer: a status OMS adds later ("task
 * statuses may grow beyond SYNCHRONIZING/STOPPED", api-notes) is kept as it came; a free-text or
 * optional field of an unexpected type reads as absent; a list item or a statistics series that
 * cannot be read is left for the client to skip with a warning (client.ts). Strict only where a
 * wrong reading would show wrong numbers: counts, timestamps, the statistics granularity.
 */
import { z } from "zod";

const ms = z.number().int().nonnegative();

/**
 * Optional text: a string stays, a number or boolean reads as its text, anything else (a missing
 * key included: zod 4 makes a transformed `unknown` required unless marked optional) as absent.
 */
const text = z
  .unknown()
  .optional()
  .transform((v): string | null => {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return null;
  });
/** Optional flag or time: a value of the wrong type reads as absent rather than failing the task. */
const flag = z.boolean().nullish().catch(null);
const optionalMs = ms.nullish().catch(null);

export const syncTaskInfoSchema = z.object({
  sync_task_id: z.string().min(1),
  src_cloud_type: text,
  src_region: text,
  src_bucket: text,
  dst_bucket: text,
  dst_region: text,
  create_time: optionalMs,
  last_start_time: optionalMs,
  description: text,
  // Any string: an unknown status is shown as it came, not refused (api-notes).
  status: z.string(),
  enable_kms: flag,
  enable_metadata_migration: flag,
  enable_restore: flag,
  app_id: text,
  object_overwrite_mode: text,
  dst_storage_policy: text,
  consistency_check: text,
  source_cdn: z.unknown().optional(),
});

/** Items stay unread here: client.ts reads each one, so one broken task does not sink the page. */
export const listSyncTasksSchema = z.object({
  tasks: z.array(z.unknown()),
  count: z.number().nonnegative(),
});

const monthlyCount = z.number().int().nonnegative().nullish();

export const showSyncTaskSchema = syncTaskInfoSchema.extend({
  monthly_acceptance_request: monthlyCount,
  monthly_success_object: monthlyCount,
  monthly_failure_object: monthlyCount,
  monthly_skip_object: monthlyCount,
  monthly_size: monthlyCount,
});

export const GRANULARITIES = ["FIVE_MINUTES", "ONE_HOUR"] as const;

export const statisticsSchema = z.object({
  sync_task_id: z.unknown().optional(),
  // Strict: the interval length decides how windows merge and what "worst 5m" means; points of
  // an unknown length cannot be placed (seeds 000/001 list only these two).
  statistic_time_type: z.enum(GRANULARITIES),
  statistic_datas: z.array(
    z.object({
      // Any string: client.ts skips a type it did not ask for or does not know, with a warning.
      data_type: z.string(),
      data: z.array(z.object({ time_stamp: ms, statistic_num: z.number().nonnegative() })),
    }),
  ),
});

export const errorBodySchema = z.union([
  z.object({ error_code: z.string(), error_msg: z.string().optional() }),
  z.object({ error: z.object({ error_code: z.string(), error_msg: z.string().optional() }) }),
  z.object({
    error: z.object({ code: z.union([z.string(), z.number()]), message: z.string().optional() }),
  }),
]);

export type SyncTaskInfo = z.infer<typeof syncTaskInfoSchema>;
export type ShowSyncTaskAnswer = z.infer<typeof showSyncTaskSchema>;
export type StatisticsAnswer = z.infer<typeof statisticsSchema>;
