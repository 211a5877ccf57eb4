/**
 * `npm run simulator`: starts the OMS simulator and prints how to point omsbot at it.
 * The credentials printed are the simulator's demo values, not secrets.
 */
import { parseArgs } from "node:util";
import type { FaultOptions } from "./faults.ts";
import { isOddTaskKind, ODD_TASK_KINDS, type OddTaskKind } from "./odd-tasks.ts";
import { startSimulator } from "./server.ts";

const USAGE = `Usage: npm run simulator -- [options]
  --port <n>               port (default 8790; 0 = any free port)
  --host <addr>            address to listen on (default 127.0.0.1)
  --seed <n|word>          demo data seed (same seed, same tasks and numbers)
  --no-auth                accept OMS requests without credentials
  --latency <ms>           delay every OMS answer
  --error-rate <0..1>      HTTP 500/503 answers
  --throttle-rate <0..1>   HTTP 429 APIGW.0308 with Retry-After
  --retry-after <s>        Retry-After seconds (default 1)
  --drop-rate <0..1>       connections closed without an answer
  --malformed-rate <0..1>  HTTP 200 with broken JSON
  --schema-break-rate <0..1>  HTTP 200 with JSON of the wrong shape
  --hang-rate <0..1>       requests never answered
  --oversized-rate <0..1>  HTTP 200 with a body of --oversized-bytes, streamed
  --oversized-bytes <n>    size of an oversized answer (default 64 MiB)
  --end-inclusive          statistics count a point starting at end_time too
  --max-points <n>         most points per type in a statistics answer (default 1000)
  --too-many-points <how>  truncate (default) or reject (400 OMS.0003) past --max-points
  --odd-tasks <kinds>      add odd tasks, comma list or "all": unknownStatus,
                           numericDescription, objectDescription, missingId
  --list-count <n>         the task list claims this count, whatever the truth`;

function fail(msg: string): never {
  process.stderr.write(`${msg}\n\n${USAGE}\n`);
  process.exit(2);
}

function oddTasks(raw: string | undefined): OddTaskKind[] | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === "all") return [...ODD_TASK_KINDS];
  const kinds = raw.split(",").map((k) => k.trim());
  const bad = kinds.filter((k) => !isOddTaskKind(k));
  if (bad.length > 0) {
    fail(
      `--odd-tasks takes ${ODD_TASK_KINDS.join(",")} or all, got ${JSON.stringify(bad.join(","))}.`,
    );
  }
  return kinds.filter(isOddTaskKind);
}

function tooManyPoints(raw: string | undefined): "truncate" | "reject" | undefined {
  if (raw === undefined || raw === "truncate" || raw === "reject") return raw;
  fail(`--too-many-points must be truncate or reject, got ${JSON.stringify(raw)}.`);
}

function num(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    fail(`--${name} must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}.`);
  }
  return n;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const faults: FaultOptions = {
    latencyMs: num("latency", v.latency, 0, 600_000),
    errorRate: num("error-rate", v["error-rate"], 0, 1),
    throttleRate: num("throttle-rate", v["throttle-rate"], 0, 1),
    retryAfterSeconds: num("retry-after", v["retry-after"], 0, 3600),
    dropRate: num("drop-rate", v["drop-rate"], 0, 1),
    malformedRate: num("malformed-rate", v["malformed-rate"], 0, 1),
    schemaBreakRate: num("schema-break-rate", v["schema-break-rate"], 0, 1),
    hangRate: num("hang-rate", v["hang-rate"], 0, 1),
    oversizedRate: num("oversized-rate", v["oversized-rate"], 0, 1),
    oversizedBytes: num("oversized-bytes", v["oversized-bytes"], 0, 2 ** 40),
  };
  const seedRaw = v.seed;
  const seed = seedRaw !== undefined && /^\d+$/.test(seedRaw) ? Number(seedRaw) : seedRaw;
  const sim = await startSimulator({
    port: num("port", v.port, 0, 65_535) ?? 8790,
    host: v.host ?? "127.0.0.1",
    seed,
    faults,
    requireAuth: !v["no-auth"],
    endInclusive: v["end-inclusive"] ?? false,
    maxPoints: num("max-points", v["max-points"], 1, 1_000_000),
    tooManyPoints: tooManyPoints(v["too-many-points"]),
    oddTasks: oddTasks(v["odd-tasks"]),
    listCount: num("list-count", v["list-count"], 0, Number.MAX_SAFE_INTEGER),
  });
  const c = sim.credentials;
  const user = c.iamUsers[0];
  const lines = [
    `OMS simulator listening on ${sim.url}`,
    `project id: ${sim.projectId}   seed: ${sim.seed}`,
    "",
    "demo tasks:",
    ...sim.tasks.map(
      (t) =>
        `  ${t.id}  ${t.info.status.padEnd(13)} ${t.name.padEnd(20)} ${t.info.src_bucket}→${t.info.dst_bucket}${t.wire ? `  (odd: ${Object.keys(t.wire).join(", ")})` : ""}`,
    ),
    "",
    "point omsbot at it with one of:",
    `  OMS_ENDPOINT=${sim.url} OMS_PROJECT_ID=${sim.projectId} OMS_AUTH_TOKEN=${c.tokens[0] ?? ""}`,
    `  OMS_ENDPOINT=${sim.url} OMS_PROJECT_ID=${sim.projectId} HUAWEICLOUD_SDK_AK=${c.ak} HUAWEICLOUD_SDK_SK=${c.sk}`,
  ];
  if (user) {
    lines.push(
      `  OMS_ENDPOINT=${sim.url} OMS_PROJECT_ID=${sim.projectId} IAM_ENDPOINT=${sim.url} IAM_USER=${user.name} IAM_PASSWORD=${user.password} IAM_DOMAIN=${user.domain}`,
    );
  }
  lines.push(
    `  CDN export tasks (with the AK/SK line): add CDN_ENDPOINT=${sim.url} CDN_DOMAIN_ID=${sim.cdn.domainId}`,
  );
  lines.push("(demo credentials: they only open this simulator)", "Ctrl-C stops it.");
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the simulator\n`);
    sim.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`close failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      "no-auth": { type: "boolean" },
      latency: { type: "string" },
      "error-rate": { type: "string" },
      "throttle-rate": { type: "string" },
      "retry-after": { type: "string" },
      "drop-rate": { type: "string" },
      "malformed-rate": { type: "string" },
      "schema-break-rate": { type: "string" },
      "hang-rate": { type: "string" },
      "oversized-rate": { type: "string" },
      "oversized-bytes": { type: "string" },
      "end-inclusive": { type: "boolean" },
      "max-points": { type: "string" },
      "too-many-points": { type: "string" },
      "odd-tasks": { type: "string" },
      "list-count": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((e: unknown) => {
  process.stderr.write(
    `simulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
