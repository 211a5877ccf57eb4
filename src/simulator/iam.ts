/**
 * The simulator's IAM: `POST /v3/auth/tokens` with a password, answered the way Huawei Cloud IAM
 * answers it (https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0001.html): 201, the token
 * in X-Subject-Token, details in the body; 401 with IAM's error body on a wrong login.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";

export interface IamUserEntry {
  name: string;
  password: string;
  domain: string;
}

export interface IamTokenIssuerOptions {
  users: IamUserEntry[];
  ttlMs: number;
  now: () => number;
}

const passwordLogin = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).refine((m) => m.includes("password")),
      password: z.object({
        user: z.object({
          name: z.string(),
          password: z.string(),
          domain: z.object({ name: z.string() }),
        }),
      }),
    }),
    scope: z.object({ project: z.object({ id: z.string().min(1) }) }).optional(),
  }),
});

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** IAM writes times with microseconds, e.g. 2020-01-04T09:05:22.701000Z. */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

/** A stable fake ID (32 hex) for a name, so answers look alike from run to run. */
function fakeId(kind: string, name: string): string {
  return createHash("sha256").update(`${kind}:${name}`).digest("hex").slice(0, 32);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function iamError(res: ServerResponse, code: number, title: string, message: string): void {
  sendJson(res, code, { error: { code, message, title } });
}

export class IamTokenIssuer {
  private readonly users: IamUserEntry[];
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** token → expiry (ms) */
  private readonly tokens = new Map<string, number>();
  private issued = 0;

  constructor(opts: IamTokenIssuerOptions) {
    this.users = opts.users;
    this.ttlMs = opts.ttlMs;
    this.now = opts.now;
  }

  /** How many tokens were handed out so far. */
  get issuedCount(): number {
    return this.issued;
  }

  handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const path = new URL(req.url ?? "/", "http://iam.local").pathname;
    // Whoever mounts this may put IAM under a prefix, so only the end of the path must match.
    if (req.method !== "POST" || !path.endsWith("/v3/auth/tokens")) {
      iamError(res, 404, "Not Found", "The resource could not be found.");
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      iamError(res, 400, "Bad Request", "The request body is not valid JSON.");
      return;
    }
    const login = passwordLogin.safeParse(json);
    if (!login.success) {
      iamError(res, 400, "Bad Request", "The request you have made requires authentication.");
      return;
    }
    const user = login.data.auth.identity.password.user;
    const domain = user.domain.name;
    const known = this.users.find(
      (u) =>
        u.name === user.name &&
        u.domain === domain &&
        timingSafeEqual(digest(u.password), digest(user.password)),
    );
    if (!known) {
      iamError(res, 401, "Unauthorized", "The username or password is wrong.");
      return;
    }

    const token = `MIIS${randomBytes(96).toString("base64url")}`;
    const issuedAt = this.now();
    const expiresAt = issuedAt + this.ttlMs;
    // Forget expired tokens so a long-running demo does not keep every token it ever gave.
    for (const [old, until] of this.tokens) if (until <= issuedAt) this.tokens.delete(old);
    this.tokens.set(token, expiresAt);
    this.issued += 1;
    const projectId = login.data.auth.scope?.project.id;
    const domainRef = { name: known.domain, id: fakeId("domain", known.domain) };
    sendJson(
      res,
      201,
      {
        token: {
          expires_at: iamTime(expiresAt),
          issued_at: iamTime(issuedAt),
          methods: ["password"],
          catalog: [],
          roles: [{ name: "op_service", id: "0" }],
          ...(projectId
            ? { project: { id: projectId, name: "cn-north-4", domain: domainRef } }
            : {}),
          user: {
            name: known.name,
            id: fakeId("user", `${known.domain}/${known.name}`),
            domain: domainRef,
            password_expires_at: "",
          },
        },
      },
      { "X-Subject-Token": token },
    );
  }

  /** Known, not revoked and not expired. */
  isValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }
}
