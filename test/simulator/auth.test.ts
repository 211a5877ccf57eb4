import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAkSk } from "../../src/clients/auth/aksk-signer.ts";
import type { Simulator } from "../../src/simulator/server.ts";
import { call, NOW, startTestSim } from "./helpers.ts";

describe("simulator authentication", () => {
  let sim: Simulator;
  let listPath: string;
  beforeAll(async () => {
    sim = await startTestSim();
    listPath = `/v2/${sim.projectId}/sync-tasks`;
  });
  afterAll(() => sim.close());

  it("answers 401 with the gateway body without credentials or with a wrong token", async () => {
    for (const token of [null, "not-a-token"]) {
      const r = await call(sim, listPath, { token });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({
        error_code: expect.any(String),
        error_msg: expect.any(String),
      });
    }
  });

  it("accepts the demo static token", async () => {
    expect((await call(sim, listPath)).status).toBe(200);
  });

  it("accepts an AK/SK-signed request and refuses one signed with the wrong SK", async () => {
    const url = new URL(`${sim.url}${listPath}?limit=3&status=SYNCHRONIZING`);
    for (const [sk, expected] of [
      [sim.credentials.sk, 200],
      ["wrong-secret-key-wrong-secret-key-00000", 401],
    ] as const) {
      const headers = signAkSk(
        { method: "GET", url, headers: {} },
        { ak: sim.credentials.ak, sk, projectId: sim.projectId },
        new Date(NOW),
      );
      const res = await request(url, { headers });
      await res.body.text();
      expect(res.statusCode).toBe(expected);
    }
  });

  it("issues IAM tokens that OMS routes accept, and stops accepting a revoked one", async () => {
    const user = sim.credentials.iamUsers[0];
    if (!user) throw new Error("no demo IAM user");
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: { name: user.name, password: user.password, domain: { name: user.domain } },
          },
        },
        scope: { project: { id: sim.projectId } },
      },
    });
    const r = await call(sim, "/v3/auth/tokens", {
      token: null,
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    expect(r.status).toBe(201);
    const token = r.headers["x-subject-token"];
    expect(typeof token).toBe("string");
    expect((await call(sim, listPath, { token: String(token) })).status).toBe(200);
    sim.iam.revoke(String(token));
    expect((await call(sim, listPath, { token: String(token) })).status).toBe(401);
  });

  it("needs nothing when started with requireAuth false", async () => {
    const open = await startTestSim({ requireAuth: false });
    try {
      expect((await call(open, `/v2/${open.projectId}/sync-tasks`, { token: null })).status).toBe(
        200,
      );
    } finally {
      await open.close();
    }
  });
});
