import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AkSkProvider } from "../../src/clients/auth/aksk-provider.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { AuthProvider } from "../../src/clients/auth/types.ts";
import { IamTokenIssuer } from "../../src/simulator/iam.ts";
import { checkAuth, requestToAuthorize } from "../../src/simulator/verify-auth.ts";

const AK = "OMSBOTTESTAK00000001";
const SK = "omsbotTestSecretKey000000000000000000000";
const STATIC = "static-token-for-tests";
const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);

let clock = T0;
let server: Server;
let base: string;
let issuer: IamTokenIssuer;
const agent = new Agent();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (req.url === "/v3/auth/tokens") return issuer.handle(req, body, res);
      const auth = checkAuth(requestToAuthorize(req, body), {
        secrets: new Map([[AK, SK]]),
        staticTokens: new Set([STATIC]),
        iam: issuer,
        now: () => clock,
      });
      res.writeHead(auth.ok ? 200 : auth.status, { "content-type": "application/json" });
      res.end(JSON.stringify(auth.ok ? { ok: true } : auth.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await agent.close();
});

beforeEach(() => {
  clock = T0;
  issuer = new IamTokenIssuer({
    users: [{ name: "u", password: "p", domain: "d" }],
    ttlMs: 60_000,
    now: () => clock,
  });
});

interface Sent {
  status: number;
  body: { ok?: true; error_code?: string; error_msg?: string };
}

interface ToSend {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

async function send(auth: AuthProvider | undefined, opts: ToSend = {}): Promise<Sent> {
  const url = new URL(`${base}${opts.path ?? "/v2/p/sync-tasks"}`);
  const method = opts.method ?? "GET";
  const headers = { ...opts.headers };
  const added = auth ? await auth.authorize({ method, url, headers, body: opts.body }) : {};
  const res = await request(url, {
    method: method as "GET",
    headers: { ...headers, ...added },
    body: opts.body,
    dispatcher: agent,
  });
  return { status: res.statusCode, body: (await res.body.json()) as Sent["body"] };
}

const signer = (sk = SK, ak = AK, at = () => new Date(clock)) =>
  new AkSkProvider({ ak, sk, projectId: "p", now: at });

describe("checkAuth behind a real HTTP server", () => {
  it("accepts AK/SK-signed requests with odd paths, queries, headers and bodies", async () => {
    const requests: ToSend[] = [
      { path: "/v2/p/sync-tasks?limit=10&offset=0&status=SYNCHRONIZING" },
      { path: "/v2/p/sync-tasks/t%201/statistics?data_type=REQUEST,SUCCESS&start_time=1" },
      { path: "/v2/p/%E4%B8%AD%E6%96%87/~!*'()/50%25?q=a+b&q=%E4%B8%AD&empty=" },
      { path: "/v2/p/sync-tasks/", headers: { "X-Trace": "  padded value  " } },
      {
        method: "POST",
        path: "/v2/p/sync-tasks/abc/start",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ src_ak: "x", note: "ünï 中文" }),
      },
      { method: "DELETE", path: "/v2/p/sync-tasks/abc" },
    ];
    for (const r of requests) {
      expect(await send(signer(), r), r.path).toEqual({ status: 200, body: { ok: true } });
    }
  });

  it("refuses a wrong SK and an unknown AK like the gateway", async () => {
    expect(await send(signer("not-the-secret"))).toEqual({
      status: 401,
      body: {
        error_code: "APIGW.0301",
        error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
      },
    });
    const unknown = await send(signer(SK, "UNKNOWNAK00000000000"));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error_msg).toContain("ak not exist");
  });

  it("refuses a signature 16 minutes old and accepts one 14 minutes old", async () => {
    const minutesAgo = (m: number) => () => new Date(clock - m * 60_000);
    expect((await send(signer(SK, AK, minutesAgo(14)))).status).toBe(200);
    const old = await send(signer(SK, AK, minutesAgo(16)));
    expect(old.status).toBe(401);
    expect(old.body.error_msg).toContain("15 minutes");
  });

  it("accepts a fixed token and refuses an unknown one", async () => {
    expect((await send(new StaticTokenProvider(STATIC))).status).toBe(200);
    expect(await send(new StaticTokenProvider("made-up"))).toEqual({
      status: 401,
      body: {
        error_code: "APIGW.0301",
        error_msg: "Incorrect IAM authentication information: decrypt token fail",
      },
    });
  });

  it("accepts an IAM token until it expires or is revoked", async () => {
    const token = await issueToken();
    const viaIam = new StaticTokenProvider(token);
    expect((await send(viaIam)).status).toBe(200);
    clock = T0 + 60_000;
    expect((await send(viaIam)).status).toBe(401);
    clock = T0;
    issuer.revoke(token);
    expect((await send(viaIam)).status).toBe(401);
  });

  it("refuses a request with no credentials at all", async () => {
    const none = await send(undefined);
    expect(none.status).toBe(401);
    expect(none.body.error_code).toBe("APIGW.0301");
  });
});

/** Logs in over HTTP, the way the bot gets a token from IAM. */
async function issueToken(): Promise<string> {
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ["password"],
        password: { user: { name: "u", password: "p", domain: { name: "d" } } },
      },
      scope: { project: { id: "p" } },
    },
  });
  const res = await request(`${base}/v3/auth/tokens`, { method: "POST", body, dispatcher: agent });
  await res.body.text();
  expect(res.statusCode).toBe(201);
  return String(res.headers["x-subject-token"]);
}
