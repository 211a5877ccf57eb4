/**
 * The OMS v2 answers as documented (seeds 000–002, api-notes "OMS v2"). Fields the pages mark
 * optional or that the example shows as null are nullish here, so a sparse but valid answer is
 * not mistaken for a broken one.
 */
import { z } from "zod";

const ms = z.number().int().nonnegative();

export const syncTaskInfoSchema = z.object({
  sync_task_id: z.string().min(1),
  src_cloud_type: z.string().nullish(),
  src_region: z.string().nullish(),
  src_bucket: z.string().nullish(),
  dst_bucket: z.string().nullish(),
  dst_region: z.string().nullish(),
  create_time: ms.nullish(),
  last_start_time: ms.nullish(),
  description: z.string().nullish(),
  status: z.enum(["SYNCHRONIZING", "STOPPED"]),
  enable_kms: z.boolean().nullish(),
  enable_metadata_migration: z.boolean().nullish(),
  enable_restore: z.boolean().nullish(),
  app_id: z.string().nullish(),
  object_overwrite_mode: z.string().nullish(),
  dst_storage_policy: z.string().nullish(),
  consistency_check: z.string().nullish(),
  source_cdn: z.unknown().optional(),
});

export const listSyncTasksSchema = z.object({
  tasks: z.array(syncTaskInfoSchema).max(100),
  count: z.number().int().nonnegative(),
});

export const showSyncTaskSchema = syncTaskInfoSchema.extend({
  monthly_acceptance_request: z.number().int().nonnegative().nullish(),
  monthly_success_object: z.number().int().nonnegative().nullish(),
  monthly_failure_object: z.number().int().nonnegative().nullish(),
  monthly_skip_object: z.number().int().nonnegative().nullish(),
  monthly_size: z.number().int().nonnegative().nullish(),
});

export const statisticsSchema = z.object({
  sync_task_id: z.string().nullish(),
  statistic_time_type: z.enum(["FIVE_MINUTES", "ONE_HOUR"]),
  statistic_datas: z
    .array(
      z.object({
        data_type: z.enum(["REQUEST", "SUCCESS", "FAILURE", "SKIP", "SIZE"]),
        data: z
          .array(z.object({ time_stamp: ms, statistic_num: z.number().nonnegative() }))
          .max(1000),
      }),
    )
    .max(5),
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
