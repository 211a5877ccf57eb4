import { describe, expect, it } from "vitest";
import { syncTaskInfoSchema } from "../../src/clients/oms/schemas.ts";

describe("SyncTaskInfo schema", () => {
  it("reads a task that leaves every optional field out (seed 002 marks them optional)", () => {
    const parsed = syncTaskInfoSchema.safeParse({ sync_task_id: "t1", status: "STOPPED" });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      sync_task_id: "t1",
      status: "STOPPED",
      description: null,
      src_bucket: null,
      app_id: null,
    });
  });

  it("reads odd optional values leniently and still needs the ID and the status", () => {
    const odd = syncTaskInfoSchema.parse({
      sync_task_id: "t2",
      status: "PAUSED",
      description: 42,
      src_bucket: { nested: true },
      enable_kms: "yes",
    });
    expect(odd).toMatchObject({ description: "42", src_bucket: null, enable_kms: null });
    expect(syncTaskInfoSchema.safeParse({ status: "STOPPED" }).success).toBe(false);
    expect(syncTaskInfoSchema.safeParse({ sync_task_id: "t3" }).success).toBe(false);
  });
});
