/** The readiness registry: every check together, reasons, timeouts, and only changes logged. */
import pino from "pino";
import { describe, expect, it } from "vitest";
import { OmsbotError } from "../../src/errors.ts";
import { Readiness } from "../../src/ops/readiness.ts";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: "info" },
    { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) },
  );
  return { lines, logger };
}

describe("Readiness", () => {
  it("is ready only when every check is, and names each one", async () => {
    const r = new Readiness(capture());
    r.add("a", async () => true);
    r.add("b", async () => ({ ready: true }));
    expect(await r.report()).toEqual({
      ready: true,
      checks: { a: { ready: true }, b: { ready: true } },
    });
    r.add("c", async () => ({ ready: false, reason: "warming up" }));
    r.add("d", async () => false);
    expect(await r.report()).toEqual({
      ready: false,
      checks: {
        a: { ready: true },
        b: { ready: true },
        c: { ready: false, reason: "warming up" },
        d: { ready: false, reason: "not ready" },
      },
    });
  });

  it("with no checks at all is not ready: nothing was wired", async () => {
    expect((await new Readiness(capture()).report()).ready).toBe(false);
  });

  it("gives a thrown error's code, not its text (the endpoint is unauthenticated)", async () => {
    const r = new Readiness(capture());
    r.add("coded", async () => {
      throw new OmsbotError("API_UNAVAILABLE", "Could not reach redis://:pw1234@host");
    });
    // Thrown before any await: still a rejection, not a crash of /readyz.
    r.add("sync", (() => {
      throw new Error("boom secret-ish text");
    }) as () => Promise<boolean>);
    const report = await r.report();
    expect(report.checks).toEqual({
      coded: { ready: false, reason: "API_UNAVAILABLE" },
      sync: { ready: false, reason: "INTERNAL" },
    });
    expect(JSON.stringify(report)).not.toMatch(/pw1234|boom/);
  });

  it("does not wait for a check that hangs", async () => {
    const r = new Readiness({ ...capture(), timeoutMs: 50 });
    r.add("hangs", () => new Promise<boolean>(() => {}));
    r.add("quick", async () => true);
    const report = await r.report();
    expect(report.checks.hangs).toEqual({ ready: false, reason: "no answer within 50 ms" });
    expect(report.checks.quick).toEqual({ ready: true });
  });

  it("logs a check's changes, not every probe", async () => {
    const { lines, logger } = capture();
    const r = new Readiness({ logger });
    let up = false;
    r.add("slack", async () => up);
    for (let i = 0; i < 3; i++) await r.report();
    up = true;
    for (let i = 0; i < 3; i++) await r.report();
    expect(lines.map((l) => [l.check, l.msg, l.level])).toEqual([
      ["slack", "readiness check fails", 40],
      ["slack", "readiness check passes", 30],
    ]);
  });

  it("replaces a check added again under the same name", async () => {
    const r = new Readiness(capture());
    r.add("store", async () => false);
    r.add("store", async () => true);
    expect(r.names()).toEqual(["store"]);
    expect((await r.report()).ready).toBe(true);
  });
});
