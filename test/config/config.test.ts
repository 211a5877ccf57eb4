import { describe, expect, it } from "vitest";
import { describeConfig, loadConfig } from "../../src/config.ts";
import { OmsbotError } from "../../src/errors.ts";

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(OmsbotError);
    expect((e as OmsbotError).code).toBe("CONFIG_INVALID");
    return (e as OmsbotError).userMessage;
  }
  throw new Error(`expected a config error for ${JSON.stringify(Object.keys(env))}`);
}

describe("loadConfig", () => {
  it("with nothing set: shell mode on the simulator with the documented defaults", () => {
    const c = loadConfig({});
    expect(c.slack).toEqual({ mode: "shell" });
    expect(c.oms).toEqual({ kind: "simulator" });
    expect(c.port).toBe(3000);
    expect(c.defaultTz).toBe("UTC");
    expect(c.alertPollCron).toBe("*/5 * * * *");
    expect(c.stateDir).toBe("./data");
    expect(c.admins.size).toBe(0);
    expect(c.logLevel).toBe("info");
    expect(c.cdn.endpoint).toBe("https://cdn.myhuaweicloud.com");
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "", OMS_REGION: "  " }).oms.kind).toBe("simulator");
  });

  it("builds the endpoint from the region and picks AK/SK", () => {
    const c = loadConfig({
      OMS_REGION: "cn-north-4",
      OMS_PROJECT_ID: "p1",
      HUAWEICLOUD_SDK_AK: "AK1",
      HUAWEICLOUD_SDK_SK: "SK1",
    });
    expect(c.oms).toEqual({
      kind: "cloud",
      endpoint: "https://oms.cn-north-4.myhuaweicloud.com",
      projectId: "p1",
      auth: { kind: "aksk", ak: "AK1", sk: "SK1", securityToken: undefined },
    });
  });

  it("accepts the CLOUD_SDK_* spelling and an endpoint that overrides the region", () => {
    const c = loadConfig({
      OMS_REGION: "cn-north-4",
      OMS_ENDPOINT: "http://127.0.0.1:9999/",
      OMS_PROJECT_ID: "p1",
      CLOUD_SDK_AK: "a",
      CLOUD_SDK_SK: "s",
    });
    expect(c.oms.kind === "cloud" && c.oms.endpoint).toBe("http://127.0.0.1:9999");
  });

  it("names the missing project ID against the setting that needs it", () => {
    expect(problems({ OMS_ENDPOINT: "https://x.example", OMS_AUTH_TOKEN: "t" })).toContain(
      "OMS_PROJECT_ID is required when OMS_ENDPOINT is set",
    );
  });

  it("lists every problem at once and never prints a secret", () => {
    const msg = problems({
      SLACK_BOT_TOKEN: "xoxb-secret-bot",
      OMS_REGION: "cn-north-4",
      HUAWEICLOUD_SDK_AK: "AKSECRETVALUE",
      DEFAULT_TZ: "Mars/Olympus",
      ALERT_POLL_CRON: "every five minutes",
      LOG_LEVEL: "loud",
      PORT: "70000",
      BOT_ADMINS: "U01ABC,bob",
    });
    for (const needle of [
      "SLACK_SIGNING_SECRET is required in HTTP mode",
      "OMS_PROJECT_ID is required",
      "HUAWEICLOUD_SDK_SK is required when HUAWEICLOUD_SDK_AK is set",
      "DEFAULT_TZ",
      "ALERT_POLL_CRON",
      "LOG_LEVEL",
      "PORT",
      'BOT_ADMINS must be Slack user IDs separated by commas (like U0123ABCD); "bob"',
    ]) {
      expect(msg).toContain(needle);
    }
    expect(msg).not.toContain("xoxb-secret-bot");
    expect(msg).not.toContain("AKSECRETVALUE");
  });

  it("refuses two ways to authenticate at once", () => {
    expect(
      problems({
        OMS_REGION: "cn-north-4",
        OMS_PROJECT_ID: "p",
        OMS_AUTH_TOKEN: "t",
        IAM_USER: "u",
        IAM_PASSWORD: "pw",
        IAM_DOMAIN: "d",
      }),
    ).toContain(
      "Set only one way to authenticate to OMS; found OMS_AUTH_TOKEN and IAM_USER/IAM_PASSWORD",
    );
  });

  it("needs all three IAM settings, and defaults the IAM endpoint", () => {
    expect(problems({ OMS_REGION: "cn-north-4", OMS_PROJECT_ID: "p", IAM_USER: "u" })).toContain(
      "IAM_PASSWORD, IAM_DOMAIN are required for IAM password login",
    );
    const c = loadConfig({
      OMS_REGION: "cn-north-4",
      OMS_PROJECT_ID: "p",
      IAM_USER: "u",
      IAM_PASSWORD: "pw",
      IAM_DOMAIN: "d",
    });
    expect(c.oms.kind === "cloud" && c.oms.auth).toEqual({
      kind: "iam",
      endpoint: "https://iam.myhuaweicloud.com",
      user: "u",
      password: "pw",
      domain: "d",
    });
  });

  it("asks for credentials when only a region is set", () => {
    expect(problems({ OMS_REGION: "cn-north-4", OMS_PROJECT_ID: "p" })).toContain(
      "OMS credentials are required",
    );
  });

  it("chooses Socket Mode with an app token, HTTP mode with a signing secret", () => {
    const demo = { OMSBOT_DEMO: "1" };
    expect(
      loadConfig({ ...demo, SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slack.mode,
    ).toBe("socket");
    const http = loadConfig({
      ...demo,
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      SLACK_API_URL: "http://127.0.0.1:1/api/",
    });
    expect(http.slack).toEqual({
      mode: "http",
      botToken: "xoxb-1",
      signingSecret: "s",
      apiUrl: "http://127.0.0.1:1/api/",
    });
    expect(problems({ SLACK_APP_TOKEN: "xapp-1" })).toContain("SLACK_BOT_TOKEN is required");
    expect(problems({ SLACK_BOT_TOKEN: "xoxp-user", SLACK_APP_TOKEN: "xapp-1" })).toContain(
      "starting with xoxb-",
    );
  });

  it("wants all seven ADS settings together", () => {
    expect(problems({ ADS_ENDPOINT: "https://ads.example" })).toMatch(
      /ADS_SUBSCRIPTION.*are required when ADS_ENDPOINT is set/,
    );
  });

  it("reads admins, timezone, cron with seconds, and Redis", () => {
    const c = loadConfig({
      BOT_ADMINS: "U01ABCD, W02XYZ",
      DEFAULT_TZ: "Asia/Shanghai",
      ALERT_POLL_CRON: "*/30 * * * * *",
      REDIS_URL: "redis://127.0.0.1:6379",
      LOG_LEVEL: "DEBUG",
    });
    expect([...c.admins]).toEqual(["U01ABCD", "W02XYZ"]);
    expect(c.defaultTz).toBe("Asia/Shanghai");
    expect(c.alertPollCron).toBe("*/30 * * * * *");
    expect(c.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(c.logLevel).toBe("debug");
    expect(problems({ REDIS_URL: "127.0.0.1:6379" })).toContain(
      "REDIS_URL must start with redis://",
    );
  });

  it("refuses Slack mode on the simulator unless the demo is asked for, and marks the demo", () => {
    const slack = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" };
    const refused = problems(slack);
    expect(refused).toContain("OMS settings are required in Slack mode");
    expect(refused).toContain("OMSBOT_DEMO=1");
    const demo = loadConfig({ ...slack, OMSBOT_DEMO: "1" });
    expect(demo.oms.kind).toBe("simulator");
    expect(demo.demo).toBe(true);
    // The shell is a demo by nature and says so itself; real OMS settings are never a demo.
    expect(loadConfig({}).demo).toBe(false);
    const cloud = {
      OMS_REGION: "cn-north-4",
      OMS_PROJECT_ID: "p",
      OMS_AUTH_TOKEN: "t",
      OMSBOT_DEMO: "1",
    };
    expect(loadConfig({ ...slack, ...cloud }).demo).toBe(false);
    expect(problems({ OMSBOT_DEMO: "maybe" })).toContain("OMSBOT_DEMO must be 1");
  });

  it("refuses timezone abbreviations and aliases, suggesting the zones meant", () => {
    const cst = problems({ DEFAULT_TZ: "CST" });
    expect(cst).toContain("not an abbreviation");
    expect(cst).toContain("Asia/Shanghai or America/Chicago");
    expect(problems({ DEFAULT_TZ: "Asia/Shangai" })).toContain("did you mean Asia/Shanghai");
    expect(problems({ DEFAULT_TZ: "US/Eastern" })).toContain("did you mean America/New_York");
    expect(loadConfig({ DEFAULT_TZ: "asia/shanghai" }).defaultTz).toBe("Asia/Shanghai");
    expect(loadConfig({ DEFAULT_TZ: "utc" }).defaultTz).toBe("UTC");
  });

  it("checks the region: lower case, known, with the closest one suggested", () => {
    const cloud = { OMS_PROJECT_ID: "p", OMS_AUTH_TOKEN: "t" };
    expect(problems({ ...cloud, OMS_REGION: "CN-North-4" })).toContain(
      "OMS_REGION must be lower case: use cn-north-4",
    );
    expect(problems({ ...cloud, OMS_REGION: "cn-north-99" })).toMatch(
      /not a Huawei Cloud region ID; did you mean cn-north-9/,
    );
    expect(problems({ ...cloud, OMS_REGION: "cn-nroth-4" })).toContain("cn-north-4");
    // A region too new for the list is reached through OMS_ENDPOINT, which wins.
    const viaEndpoint = loadConfig({
      ...cloud,
      OMS_REGION: "xx-new-1",
      OMS_ENDPOINT: "https://oms.xx-new-1.example.com",
    });
    expect(viaEndpoint.oms.kind).toBe("cloud");
    expect(loadConfig({ ...cloud, OMS_REGION: "cn-east-3" }).oms.kind).toBe("cloud");
  });

  it("reads the proxy settings, never showing them in the start-up description", () => {
    const c = loadConfig({
      HTTPS_PROXY: "http://user:secret@127.0.0.1:3128",
      NO_PROXY: "localhost,127.0.0.1",
    });
    expect(c.proxy).toEqual({
      httpsProxy: "http://user:secret@127.0.0.1:3128",
      httpProxy: undefined,
      noProxy: "localhost,127.0.0.1",
    });
    expect(JSON.stringify(describeConfig(c))).not.toContain("secret");
    expect(problems({ HTTPS_PROXY: "proxy:3128" })).toContain("HTTPS_PROXY must be an http(s) URL");
  });
});
