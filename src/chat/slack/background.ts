/**
 * Work that runs after Slack has been acknowledged. Every task's failure is logged (none is left
 * as an unhandled rejection), and stop() can wait for what is still running.
 */
import type { Logger } from "pino";
import { toOmsbotError } from "../../errors.ts";

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /**
   * Starts `fn` on a later turn of the event loop (setImmediate), never in the current one: an
   * ack's HTTP answer is written on process.nextTick after the listener's promise chain, so
   * work that starts synchronously in that chain (a CPU-busy handler) would hold the answer
   * back — measured in bench/slack.ts.
   */
  run(what: string, fn: () => Promise<void>): void {
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(fn)
      .catch((e: unknown) => {
        const err = toOmsbotError(e);
        this.logger.error({ code: err.code, detail: err.detail, what }, "background task failed");
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  get size(): number {
    return this.running.size;
  }

  /** Waits for running tasks, at most `timeoutMs`; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = (async () => {
      while (this.running.size > 0) await Promise.allSettled([...this.running]);
      return true as const;
    })();
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
