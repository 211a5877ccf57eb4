/**
 * The ListExportTasks answer (seed 003; api-notes "CDN statistics export tasks").
 *
 * Lenient for what is only shown: `task_name` is typed String but the seed's own example sends a
 * number (149751000000), so a number reads as its digits and anything else as no name; a
 * `download_link` of the wrong type reads as absent. Strict for what decisions rest on: the task
 * ID (the notice ledger's key), the status (finished or not) and the times (newest first, the
 * alert's baseline). A status outside `success`/`fail` is kept as it came.
 */
import { z } from "zod";

const ms = z.number().int().nonnegative();

// `.optional()` before the transform: zod 4 makes a key whose schema is a bare transform
// required, and `download_link` is absent on every task that did not succeed.
const shownText = z
  .unknown()
  .optional()
  .transform((v): string | null => {
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    return null;
  });

export const exportTaskSchema = z.object({
  task_id: z.string().min(1),
  task_name: shownText,
  status: z.string().min(1),
  download_link: shownText,
  create_time: ms,
  update_time: ms,
});

/** Items stay unread here: the client reads each one, so one broken task does not sink the page. */
export const listExportTasksSchema = z.object({
  total: z.number().int().nonnegative(),
  // An empty list may come without `data` at all; the seed shows it only when non-empty.
  data: z.array(z.unknown()).nullish(),
});

export type ExportTaskInfo = z.infer<typeof exportTaskSchema>;
