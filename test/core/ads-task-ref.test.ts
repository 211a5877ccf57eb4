import { describe, expect, it } from "vitest";
import type { AdsTask } from "../../src/core/ads-domain.ts";
import { resolveAnyTask } from "../../src/core/ads-task-ref.ts";
import type { SyncTask } from "../../src/core/domain.ts";
import { OmsbotError } from "../../src/errors.ts";

const oms = (id: string, description: string) =>
  ({ id, description, srcBucket: "a", dstBucket: "b", status: "SYNCHRONIZING" }) as SyncTask;
const ads = (id: string, name: string) => ({ id, name, state: "DOING" }) as AdsTask;

const O = [oms("0d14aa11-2233", "nightly"), oms("77aa0000-1111", "shared")];
const A = [ads("ads-91f0b3d4-x", "train"), ads("ads-0000aaaa-y", "shared"), ads("ads-5555", "")];

function error(f: () => unknown): OmsbotError {
  try {
    f();
  } catch (e) {
    if (e instanceof OmsbotError) return e;
  }
  throw new Error("expected an OmsbotError");
}

describe("resolveAnyTask", () => {
  it("finds either service by name, ID or ID prefix, and says which", () => {
    expect(resolveAnyTask("nightly", O, A)).toMatchObject({ service: "oms" });
    expect(resolveAnyTask("TRAIN", O, A)).toMatchObject({
      service: "ads",
      task: { name: "train" },
    });
    expect(resolveAnyTask("ads-91f0b3", O, A)).toMatchObject({ service: "ads" });
    // An ADS task without a name is named by its ID.
    expect(resolveAnyTask("ads-5555", O, A)).toMatchObject({
      service: "ads",
      task: { id: "ads-5555" },
    });
  });

  it("a name in both services is ambiguous, naming each service", () => {
    const e = error(() => resolveAnyTask("shared", O, A));
    expect(e.code).toBe("TASK_AMBIGUOUS");
    expect(e.userMessage).toContain("OMS sync task");
    expect(e.userMessage).toContain("SenseCore ADS task");
  });

  it("an exact name beats an ID prefix in the other service", () => {
    const withPrefixClash = [...A, ads("nightly-0001", "other")];
    expect(resolveAnyTask("nightly", O, withPrefixClash)).toMatchObject({ service: "oms" });
  });

  it("a miss suggests the closest across both", () => {
    const e = error(() => resolveAnyTask("trian", O, A));
    expect(e.code).toBe("TASK_NOT_FOUND");
    expect(e.userMessage).toContain("SenseCore ADS task");
    expect(e.userMessage).toContain("train");
  });
});
