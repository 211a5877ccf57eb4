/**
 * Readiness: named async checks (the Slack connection, the state store, the scheduler, the
 * render workers) that /readyz runs together. An orchestrator stops routing to a replica that
 * is not ready and does not restart it (that is liveness, /healthz), so a check says "not now",
 * never "kill me".
 */
import type { Logger } from "pino";
import { toOmsbotError } from "../errors.ts";

/**
 * true: ready. false or `{ ready: false, reason }`: not ready. A throw is not ready too, with
 * the error's code as the reason (its message may quote a URL or an answer, and /readyz is
 * served without authentication).
 */
export type ReadinessCheck = () => Promise<boolean | { ready: boolean; reason?: string }>;

export interface CheckResult {
  ready: boolean;
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface ReadinessOptions {
  logger: Logger;
  /** A check that has not answered by then counts as not ready. Default 2 s. */
  timeoutMs?: number;
}

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  /** Last answer per check: only changes are logged, not every probe. */
  private readonly last = new Map<string, boolean>();
  private readonly timeoutMs: number;

  constructor(private readonly o: ReadinessOptions) {
    this.timeoutMs = o.timeoutMs ?? 2000;
  }

  /** Adds a check, or replaces the one with the same name. */
  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check at once; ready only when all are (and there is at least one). */
  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.run(check)] as const),
    );
    const checks: Record<string, CheckResult> = {};
    for (const [name, result] of entries) {
      checks[name] = result;
      if (this.last.get(name) !== result.ready) {
        this.last.set(name, result.ready);
        const log = result.ready ? this.o.logger.info : this.o.logger.warn;
        log.call(
          this.o.logger,
          { check: name, reason: result.reason },
          result.ready ? "readiness check passes" : "readiness check fails",
        );
      }
    }
    return { ready: entries.length > 0 && entries.every(([, r]) => r.ready), checks };
  }

  private async run(check: ReadinessCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ready: false, reason: `no answer within ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
    });
    // A check that throws before its first await is a rejection like any other.
    const answer = Promise.resolve()
      .then(check)
      .then(
        (r): CheckResult => {
          if (r === true) return { ready: true };
          if (r === false) return { ready: false, reason: "not ready" };
          return r.ready ? { ready: true } : { ready: false, reason: r.reason ?? "not ready" };
        },
        (e: unknown): CheckResult => ({ ready: false, reason: toOmsbotError(e).code }),
      );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
