/**
 * deploy/ against the contract: every file parses, every variable the bot is given is one of
 * DESIGN's "Contracts", probes point at /healthz and /readyz on PORT, two bot replicas, secrets
 * referenced from a Secret or an env file and never written in, and the Dockerfile's promises.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { startDistCommand } from "../support/spawn-main.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const DEPLOY = join(ROOT, "deploy");

/** DESIGN.md "Contracts": the bot's public settings. */
const CONTRACT_VARS = new Set([
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_API_URL",
  "PORT",
  "OMS_REGION",
  "OMS_ENDPOINT",
  "OMS_PROJECT_ID",
  "HUAWEICLOUD_SDK_AK",
  "HUAWEICLOUD_SDK_SK",
  "CLOUD_SDK_AK",
  "CLOUD_SDK_SK",
  "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "OMS_AUTH_TOKEN",
  "IAM_ENDPOINT",
  "IAM_USER",
  "IAM_PASSWORD",
  "IAM_DOMAIN",
  "OMSBOT_DEMO",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "CDN_ENDPOINT",
  "CDN_DOMAIN_ID",
  "ADS_ENDPOINT",
  "ADS_SUBSCRIPTION",
  "ADS_RESOURCE_GROUP",
  "ADS_ZONE",
  "ADS_DATA_SYNC",
  "ADS_AK",
  "ADS_SK",
  "STATE_DIR",
  "REDIS_URL",
  "DEFAULT_TZ",
  "ALERT_POLL_CRON",
  "BOT_ADMINS",
  "LOG_LEVEL",
]);
/** Values that must come from a Secret (k8s) or the uncommitted env file (compose). */
const SECRET_VARS = [
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "HUAWEICLOUD_SDK_AK",
  "HUAWEICLOUD_SDK_SK",
  "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "OMS_AUTH_TOKEN",
  "IAM_PASSWORD",
  "ADS_AK",
  "ADS_SK",
];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

async function yamlDocs(file: string): Promise<Obj[]> {
  const docs = parseAllDocuments(await readFile(file, "utf8"));
  for (const d of docs) expect(d.errors, file).toEqual([]);
  return docs.map((d) => obj(d.toJS())).filter((d) => Object.keys(d).length > 0);
}

async function k8s(): Promise<Obj[]> {
  const dir = join(DEPLOY, "k8s");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".yaml"));
  expect(files.length).toBeGreaterThanOrEqual(4);
  return (await Promise.all(files.map((f) => yamlDocs(join(dir, f))))).flat();
}

function find(docs: Obj[], kind: string, name: string): Obj {
  const d = docs.find((x) => x.kind === kind && obj(x.metadata).name === name);
  if (!d) throw new Error(`no ${kind} ${name}`);
  return d;
}

function botContainer(docs: Obj[]): Obj {
  const pod = obj(obj(obj(find(docs, "Deployment", "omsbot").spec).template).spec);
  return obj(arr(pod.containers)[0]);
}

/** `scheme://127.0.0.1:3000/path` or k8s's { path, port } → [port, path]. */
function probeTarget(probe: unknown, ports: Record<string, number>): [number, string] {
  const get = obj(obj(probe).httpGet);
  const port = typeof get.port === "string" ? (ports[get.port] ?? -1) : Number(get.port);
  return [port, String(get.path)];
}

describe("deploy/k8s", () => {
  it("runs two replicas, probes /healthz and /readyz on PORT, stops gracefully", async () => {
    const docs = await k8s();
    const deployment = find(docs, "Deployment", "omsbot");
    expect(obj(deployment.spec).replicas).toBe(2);
    const pod = obj(obj(obj(deployment.spec).template).spec);
    expect(Number(pod.terminationGracePeriodSeconds)).toBeGreaterThanOrEqual(15);

    const c = botContainer(docs);
    const config = obj(find(docs, "ConfigMap", "omsbot-config").data);
    const port = Number(config.PORT);
    expect(port).toBe(3000);
    const ports: Record<string, number> = {};
    for (const p of arr(c.ports)) ports[String(obj(p).name)] = Number(obj(p).containerPort);
    expect(probeTarget(c.livenessProbe, ports)).toEqual([port, "/healthz"]);
    expect(probeTarget(c.readinessProbe, ports)).toEqual([port, "/readyz"]);
    expect(probeTarget(c.startupProbe, ports)).toEqual([port, "/healthz"]);

    const resources = obj(c.resources);
    expect(obj(resources.requests).memory).toBeDefined();
    expect(obj(resources.limits).memory).toBeDefined();
  });

  it("runs as non-root with a read-only root file system, for the bot and Redis", async () => {
    const docs = await k8s();
    for (const name of ["omsbot", "omsbot-redis"]) {
      const pod = obj(obj(obj(find(docs, "Deployment", name).spec).template).spec);
      expect(obj(pod.securityContext).runAsNonRoot, name).toBe(true);
      expect(Number(obj(pod.securityContext).runAsUser), name).toBeGreaterThan(0);
      for (const c of arr(pod.containers)) {
        const sc = obj(obj(c).securityContext);
        expect(sc.allowPrivilegeEscalation, name).toBe(false);
        expect(sc.readOnlyRootFilesystem, name).toBe(true);
        expect(obj(sc.capabilities).drop, name).toEqual(["ALL"]);
      }
    }
  });

  it("gives the bot only DESIGN's variables, secrets by reference to the Secret", async () => {
    const docs = await k8s();
    const c = botContainer(docs);
    const config = obj(find(docs, "ConfigMap", "omsbot-config").data);
    const names = [...Object.keys(config), ...arr(c.env).map((e) => String(obj(e).name))];
    for (const n of names) expect(CONTRACT_VARS, n).toContain(n);
    expect(arr(c.envFrom).map((e) => obj(obj(e).configMapRef).name)).toEqual(["omsbot-config"]);
    for (const e of arr(c.env)) {
      const entry = obj(e);
      // valueFrom a Secret, never a literal value in the manifest.
      expect(entry.value, String(entry.name)).toBeUndefined();
      expect(obj(obj(entry.valueFrom).secretKeyRef).name, String(entry.name)).toBe(
        "omsbot-secrets",
      );
    }
    expect(names).toContain("SLACK_BOT_TOKEN");
    for (const s of SECRET_VARS) expect(Object.keys(config), s).not.toContain(s);
    // The example Secret is documentation: empty, and not among the applied resources.
    const example = find(docs, "Secret", "omsbot-secrets");
    for (const [k, v] of Object.entries(obj(example.stringData))) expect(v, k).toBe("");
    const kustomization = await yamlDocs(join(DEPLOY, "k8s", "kustomization.yaml"));
    const applied = arr(kustomization[0]?.resources).map(String);
    expect(applied).not.toContain("secret.example.yaml");
    expect(applied.sort()).toEqual(["bot.yaml", "configmap.yaml", "redis.yaml"]);
  });

  it("has Redis as a Deployment and a Service the bot's REDIS_URL names", async () => {
    const docs = await k8s();
    const service = find(docs, "Service", "omsbot-redis");
    const redisPort = Number(obj(arr(obj(service.spec).ports)[0]).port);
    find(docs, "Deployment", "omsbot-redis");
    const config = obj(find(docs, "ConfigMap", "omsbot-config").data);
    expect(config.REDIS_URL).toBe(`redis://omsbot-redis:${redisPort}`);
  });
});

describe("deploy/compose.yml", () => {
  async function compose(): Promise<Obj> {
    const [doc] = await yamlDocs(join(DEPLOY, "compose.yml"));
    return obj(obj(doc).services);
  }

  it("runs two bot replicas with Redis, healthchecks on PORT, env from an uncommitted file", async () => {
    const services = await compose();
    const bot = obj(services.bot);
    expect(obj(bot.deploy).replicas).toBe(2);
    const env = obj(bot.environment);
    for (const n of Object.keys(env)) expect(CONTRACT_VARS, n).toContain(n);
    for (const s of SECRET_VARS) expect(Object.keys(env), s).not.toContain(s);
    expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:\d+$/);
    const check = arr(obj(bot.healthcheck).test).join(" ");
    expect(check).toContain(`http://127.0.0.1:${env.PORT}/readyz`);
    expect(obj(obj(services.redis).healthcheck).test).toBeDefined();
    expect(arr(bot.env_file).map((f) => obj(f).path)).toEqual([".env"]);
    expect(obj(obj(bot.depends_on).redis).condition).toBe("service_healthy");
  });

  it("names only DESIGN's variables in env.example, with no values for secrets", async () => {
    const text = await readFile(join(DEPLOY, "env.example"), "utf8");
    const entries = text
      .split("\n")
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split("=", 2) as [string, string]);
    expect(entries.length).toBeGreaterThan(5);
    for (const [k, v] of entries) {
      expect(CONTRACT_VARS, k).toContain(k);
      if (SECRET_VARS.includes(k)) expect(v, k).toBe("");
    }
  });

  it("keeps .env out of git and out of the image's build context", async () => {
    expect(await readFile(join(ROOT, ".gitignore"), "utf8")).toMatch(/^\.env$/m);
    expect(await readFile(join(ROOT, ".dockerignore"), "utf8")).toMatch(/^\.env$/m);
  });
});

describe("Dockerfile", () => {
  it("builds in stages on a pinned Node 22, runs compiled as non-root under tini, checks /healthz", async () => {
    const text = await readFile(join(ROOT, "Dockerfile"), "utf8");
    const froms = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBe(2);
    for (const f of froms) expect(f).toMatch(/^node:22\.\d+\.\d+-/);
    const runtime = text.slice(text.lastIndexOf("FROM "));
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    // What `npm run start:dist` runs, which the bench measures (bench/bot-process.ts).
    const start = startDistCommand();
    const cmd = /^CMD (\[.*\])$/m.exec(runtime)?.[1] ?? "[]";
    expect(JSON.parse(cmd)).toEqual(["node", ...start.args]);
    for (const [k, v] of Object.entries(start.env)) {
      expect(runtime).toMatch(new RegExp(`^ENV ${k}=${v}$`, "m"));
    }
    expect(runtime).toMatch(/^HEALTHCHECK .*\/healthz/m);
    // No secret is baked in: no ARG/ENV of any secret variable.
    for (const s of SECRET_VARS) expect(text).not.toMatch(new RegExp(`^(ARG|ENV) ${s}`, "m"));
  });

  it("gets the chart fonts from production dependencies", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(["dejavu-fonts-ttf", "@expo-google-fonts/noto-sans-sc"]),
    );
  });
});
