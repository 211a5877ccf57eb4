import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type IamTokenOptions, IamTokenProvider } from "../../src/clients/auth/iam-token.ts";
import { isOmsbotError, type OmsbotError } from "../../src/errors.ts";
import { IamTokenIssuer } from "../../src/simulator/iam.ts";
import { checkAuth, requestToAuthorize } from "../../src/simulator/verify-auth.ts";

const PASSWORD = "pw-Sup3r-s3cret!";
const T0 = Date.UTC(2024, 0, 1, 8, 0, 0);

type Mode = "normal" | "noSubjectToken" | "noExpiry" | "hang" | "unavailable";
let clock = T0;
let mode: Mode = "normal";
let iamDelayMs = 0;
let iamRequests = 0;
let issuer: IamTokenIssuer;
let server: Server;
let base: string;
const agent = new Agent();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function answerIam(req: IncomingMessage, body: string, res: ServerResponse) {
  iamRequests += 1;
  if (iamDelayMs) await new Promise((r) => setTimeout(r, iamDelayMs));
  if (mode === "hang") return;
  if (mode === "unavailable") {
    res.writeHead(503, { "content-type": "application/json" });
    res.end('{"error":{"code":503,"message":"Service Unavailable","title":"Unavailable"}}');
    return;
  }
  if (mode === "noSubjectToken" || mode === "noExpiry") {
    const token = mode === "noExpiry" ? { issued_at: new Date(clock).toISOString() } : {};
    res.writeHead(201, {
      "content-type": "application/json",
      ...(mode === "noExpiry" ? { "X-Subject-Token": "tok" } : {}),
    });
    res.end(JSON.stringify({ token: { ...token, expires_at: mode === "noExpiry" ? 5 : "x" } }));
    return;
  }
  issuer.handle(req, body, res);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/iam/v3/auth/tokens") return answerIam(req, body, res);
      const auth = checkAuth(requestToAuthorize(req, body), {
        secrets: new Map(),
        staticTokens: new Set(),
        iam: issuer,
        now: () => clock,
      });
      res.writeHead(auth.ok ? 200 : auth.status, { "content-type": "application/json" });
      res.end(JSON.stringify(auth.ok ? { ok: true } : auth.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await agent.close();
});

beforeEach(() => {
  clock = T0;
  mode = "normal";
  iamDelayMs = 0;
  iamRequests = 0;
  issuer = newIssuer(60_000);
});

function newIssuer(ttlMs: number): IamTokenIssuer {
  return new IamTokenIssuer({
    users: [{ name: "bot", password: PASSWORD, domain: "acme" }],
    ttlMs,
    now: () => clock,
  });
}

function provider(overrides: Partial<IamTokenOptions> = {}): IamTokenProvider {
  return new IamTokenProvider({
    endpoint: `${base}/iam/`,
    user: "bot",
    password: PASSWORD,
    domain: "acme",
    projectId: "0b5c0fa1d2e34f56a7b8c9d0e1f2a3b4",
    now: () => new Date(clock),
    dispatcher: agent,
    ...overrides,
  });
}

async function callProtected(p: IamTokenProvider): Promise<{ status: number; token: string }> {
  const url = new URL(`${base}/v2/p/sync-tasks`);
  const headers = await p.authorize({ method: "GET", url, headers: {} });
  const res = await request(url, { headers, dispatcher: agent });
  await res.body.text();
  return { status: res.statusCode, token: headers["X-Auth-Token"] ?? "" };
}

async function failure(p: Promise<unknown>): Promise<OmsbotError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isOmsbotError(e)) throw new Error(`expected an OmsbotError, got ${String(e)}`);
  return e;
}

describe("IamTokenProvider over loopback HTTP", () => {
  it("fetches a token once and reuses it", async () => {
    const p = provider();
    const answers = [await callProtected(p), await callProtected(p), await callProtected(p)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.token)).size).toBe(1);
    expect(iamRequests).toBe(1);
    expect(issuer.isValid(answers[0]?.token ?? "")).toBe(true);
  });

  it("shares one IAM request among 20 concurrent callers", async () => {
    iamDelayMs = 50;
    const p = provider();
    const url = new URL(`${base}/x`);
    const all = await Promise.all(
      Array.from({ length: 20 }, () => p.authorize({ method: "GET", url, headers: {} })),
    );
    expect(iamRequests).toBe(1);
    expect(new Set(all.map((h) => h["X-Auth-Token"])).size).toBe(1);
  });

  it("lets one caller give up without cancelling the fetch the others wait for", async () => {
    iamDelayMs = 100;
    const p = provider();
    const url = new URL(`${base}/x`);
    const controller = new AbortController();
    const quitter = p.authorize({ method: "GET", url, headers: {} }, controller.signal);
    const stayer = p.authorize({ method: "GET", url, headers: {} });
    controller.abort(new Error("user went away"));
    await expect(quitter).rejects.toThrow("user went away");
    expect((await stayer)["X-Auth-Token"]).toBeTruthy();
    expect(iamRequests).toBe(1);
  });

  it("renews 10% of a short lifetime before expires_at", async () => {
    const p = provider();
    const first = await callProtected(p);
    clock = T0 + 53_000; // renewal is due at 60 s - 6 s = 54 s
    expect((await callProtected(p)).token).toBe(first.token);
    expect(iamRequests).toBe(1);
    clock = T0 + 55_000;
    const second = await callProtected(p);
    expect(second).toMatchObject({ status: 200 });
    expect(second.token).not.toBe(first.token);
    expect(iamRequests).toBe(2);
  });

  it("renews a 24 h token 5 minutes before expires_at", async () => {
    const day = 24 * 3_600_000;
    issuer = newIssuer(day);
    const p = provider();
    await callProtected(p);
    clock = T0 + day - 5 * 60_000 - 1_000;
    await callProtected(p);
    expect(iamRequests).toBe(1);
    clock += 2_000;
    await callProtected(p);
    expect(iamRequests).toBe(2);
  });

  it("keeps using a still-valid token while IAM is down, and fails once it expires", async () => {
    const p = provider();
    const first = await callProtected(p);
    mode = "unavailable";
    clock = T0 + 57_000;
    expect(await callProtected(p)).toEqual({ status: 200, token: first.token });
    expect(iamRequests).toBe(2);
    clock = T0 + 60_000;
    const e = await failure(callProtected(p));
    expect(e.code).toBe("API_UNAVAILABLE");
  });

  it("after a 401, renews once and the retry works; a fresh token refused again is not renewed", async () => {
    const p = provider();
    const first = await callProtected(p);
    clock = T0 + 10_000;
    issuer.revoke(first.token);
    expect((await callProtected(p)).status).toBe(401);
    expect(await p.onUnauthorized()).toBe(true);
    const retry = await callProtected(p);
    expect(retry.status).toBe(200);
    expect(retry.token).not.toBe(first.token);
    expect(iamRequests).toBe(2);

    issuer.revoke(retry.token);
    expect((await callProtected(p)).status).toBe(401);
    expect(await p.onUnauthorized()).toBe(false);
    expect(iamRequests).toBe(2);
  });

  it("a wrong password is API_AUTH naming the settings, never the password", async () => {
    const wrong = "Wr0ng-Pa55word-xyz";
    const e = await failure(
      provider({ password: wrong }).authorize({
        method: "GET",
        url: new URL(base),
        headers: {},
      }),
    );
    expect(e.code).toBe("API_AUTH");
    expect(e.status).toBe(401);
    for (const setting of ["IAM_USER", "IAM_PASSWORD", "IAM_DOMAIN"]) {
      expect(e.userMessage).toContain(setting);
    }
    expect(e.detail).toContain("The username or password is wrong.");
    const everything = `${e.message} ${e.userMessage} ${e.detail} ${e.stack} ${JSON.stringify(e)}`;
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(PASSWORD);
  });

  it("an answer without X-Subject-Token is API_BAD_ANSWER", async () => {
    mode = "noSubjectToken";
    const e = await failure(callProtected(provider()));
    expect(e.code).toBe("API_BAD_ANSWER");
    expect(e.userMessage).toContain("X-Subject-Token");
  });

  it("an answer without a proper token.expires_at is API_BAD_ANSWER naming the field", async () => {
    mode = "noExpiry";
    const e = await failure(callProtected(provider()));
    expect(e.code).toBe("API_BAD_ANSWER");
    expect(e.userMessage).toContain("token.expires_at");
  });

  it("an IAM that does not answer is API_TIMEOUT", async () => {
    mode = "hang";
    const e = await failure(callProtected(provider({ timeoutMs: 200 })));
    expect(e.code).toBe("API_TIMEOUT");
  });

  it("an IAM nobody listens on is API_UNAVAILABLE", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const e = await failure(callProtected(provider({ endpoint: `http://127.0.0.1:${port}` })));
    expect(e.code).toBe("API_UNAVAILABLE");
    expect(e.detail).toContain("IAM_ENDPOINT");
  });
});
