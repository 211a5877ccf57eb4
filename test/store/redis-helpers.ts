/**
 * Shared by the Redis store tests: the test server, a key prefix per test (deleted after it), and
 * a TCP gate in front of Redis that a test can close, reopen or freeze to play an outage.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe } from "vitest";

/** Not REDIS_URL: the bot's own setting must never point tests at a real deployment. */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";

async function reachable(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export const redisUp = await reachable(REDIS_TEST_URL);

/**
 * `describe` when Redis answers; otherwise the suite is listed as skipped with the reason (a
 * laptop without Redis). CI has one, and its run script fails without it.
 */
export function describeWithRedis(name: string, fn: () => void): void {
  if (redisUp) describe(name, fn);
  else
    describe.skip(`${name} (skipped: no Redis at ${REDIS_TEST_URL}; start one to run these)`, fn);
}

/** A fresh key prefix per call; every key under it is deleted after the test. */
export function redisPrefixes(): () => string {
  const made: string[] = [];
  let admin: Redis | undefined;
  afterEach(async () => {
    const prefixes = made.splice(0);
    if (prefixes.length === 0) return;
    admin ??= new Redis(REDIS_TEST_URL);
    for (const prefix of prefixes) {
      let cursor = "0";
      do {
        const [next, keys] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        if (keys.length > 0) await admin.del(...keys);
        cursor = next;
      } while (cursor !== "0");
    }
  });
  afterAll(async () => {
    await admin?.quit();
  });
  return () => {
    const prefix = `omsbot-test:${randomUUID().slice(0, 8)}:`;
    made.push(prefix);
    return prefix;
  };
}

/** A free port, by binding one and letting it go: nothing listens there afterwards. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RedisGate {
  /** A redis:// URL through the gate. */
  url: string;
  /** Stops listening and cuts every connection: Redis is gone. */
  down(): Promise<void>;
  /** Listens again on the same port: Redis is back. */
  up(): Promise<void>;
  /** Connections stay open but nothing gets through until unfrozen: a stalled server. */
  freeze(frozen: boolean): void;
  close(): Promise<void>;
}

export async function redisGate(): Promise<RedisGate> {
  const target = new URL(REDIS_TEST_URL);
  const sockets = new Set<Socket>();
  let frozen = false;
  let server: Server | undefined;
  let port = 0;
  const held: (() => void)[] = [];
  // Held, not dropped: TCP never loses bytes, a stalled server answers late and in order.
  const relay = (from: Socket, to: Socket) => {
    from.on("data", (chunk) => {
      if (frozen) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  };
  const listen = async () => {
    const s = createServer((client) => {
      const upstream = tcpConnect(Number(target.port || 6379), target.hostname);
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on("error", () => undefined);
        sock.on("close", () => {
          sockets.delete(sock);
          client.destroy();
          upstream.destroy();
        });
      }
      relay(client, upstream);
      relay(upstream, client);
    });
    await new Promise<void>((resolve) => s.listen(port, "127.0.0.1", resolve));
    port = (s.address() as { port: number }).port;
    server = s;
  };
  const down = async () => {
    const s = server;
    server = undefined;
    for (const sock of sockets) sock.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  const auth = target.username || target.password ? `${target.username}:${target.password}@` : "";
  return {
    url: `redis://${auth}127.0.0.1:${port}${target.pathname}`,
    down,
    up: listen,
    freeze: (f) => {
      frozen = f;
      if (!f) for (const write of held.splice(0)) write();
    },
    close: down,
  };
}

/** Polls `check` every 20 ms until it holds; throws after `ms`. Answers how long it took. */
export async function waitFor(check: () => boolean, ms: number): Promise<number> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
}
