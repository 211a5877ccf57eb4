import { describe, expect, it } from "vitest";
import { AkSkProvider } from "../../src/clients/auth/aksk-provider.ts";
import { verifyAkSk } from "../../src/clients/auth/aksk-signer.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";

const req = { method: "GET", url: new URL("https://oms.example.com/v2/p/sync-tasks"), headers: {} };

describe("AkSkProvider", () => {
  it("signs with the injected clock and the project ID", async () => {
    const at = new Date("2024-02-03T04:05:06Z");
    const p = new AkSkProvider({ ak: "AK1", sk: "SK1", projectId: "p", now: () => at });
    const added = await p.authorize(req);
    expect(added).toMatchObject({ "X-Sdk-Date": "20240203T040506Z", "X-Project-Id": "p" });
    const signed = { ...req, headers: added };
    expect(verifyAkSk(signed, (ak) => (ak === "AK1" ? "SK1" : undefined), at)).toEqual({
      ok: true,
      ak: "AK1",
    });
  });

  it("never asks for a retry and names its settings, with the token one when used", async () => {
    const plain = new AkSkProvider({ ak: "AK1", sk: "SK1" });
    expect(await plain.onUnauthorized()).toBe(false);
    expect(plain.settingsHint).toBe(
      "HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (or CLOUD_SDK_AK / CLOUD_SDK_SK)",
    );
    const temporary = new AkSkProvider({ ak: "AK1", sk: "SK1", securityToken: "st" });
    expect(temporary.settingsHint).toContain("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    expect((await temporary.authorize(req))["X-Security-Token"]).toBe("st");
  });
});

describe("StaticTokenProvider", () => {
  it("sends X-Auth-Token and never asks for a retry", async () => {
    const p = new StaticTokenProvider("tok");
    expect(await p.authorize()).toEqual({ "X-Auth-Token": "tok" });
    expect(await p.onUnauthorized()).toBe(false);
    expect(p.settingsHint).toBe("OMS_AUTH_TOKEN");
  });
});
