import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../src/simulator/cli.ts", import.meta.url));

describe("npm run simulator (cli.ts)", () => {
  it("prints the URL, project and env vars, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--seed", "5"], {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: ROOT,
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toContain("Ctrl-C stops it.");
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const project = /project id: ([0-9a-f]{32})/.exec(out)?.[1];
      const token = /OMS_AUTH_TOKEN=(\S+)/.exec(out)?.[1];
      expect(out).toContain("HUAWEICLOUD_SDK_AK=");
      expect(out).toContain("nightly-backup");
      expect(url && project && token).toBeTruthy();
      const res = await request(`${url}/v2/${project}/sync-tasks`, {
        headers: { "x-auth-token": token ?? "" },
      });
      expect(res.statusCode).toBe(200);
      await res.body.text();
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("refuses a bad flag with usage and exit code 2", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--error-rate", "2"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      err += s;
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(err).toContain("--error-rate must be a number from 0 to 1");
  });
});

describe("npm run simulator: the options for odd answers", () => {
  it("--odd-tasks, --end-inclusive, --max-points and --too-many-points reach the server", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        CLI,
        "--port",
        "0",
        "--odd-tasks",
        "all",
        "--end-inclusive",
        "--max-points",
        "100",
        "--too-many-points",
        "reject",
      ],
      { stdio: ["ignore", "pipe", "pipe"], cwd: ROOT },
    );
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toContain("Ctrl-C stops it.");
      expect(out).toMatch(/DELETING\s+archive-mover/);
      expect(out).toContain("(odd: sync_task_id)");
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const project = /project id: ([0-9a-f]{32})/.exec(out)?.[1];
      const token = /OMS_AUTH_TOKEN=(\S+)/.exec(out)?.[1] ?? "";
      const id = /([0-9a-f-]{36})\s+SYNCHRONIZING\s+nightly-backup/.exec(out)?.[1];
      const get = async (path: string) => {
        const res = await request(`${url}/v2/${project}${path}`, {
          headers: { "x-auth-token": token },
        });
        return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
      };
      const list = await get("/sync-tasks?limit=100");
      expect(JSON.stringify(list.json)).toContain('"status":"DELETING"');
      // 100 five-minute intervals, end inclusive: 101 points, one over --max-points.
      const end = Math.floor(Date.now() / 300_000) * 300_000;
      const tooMany = await get(
        `/sync-tasks/${id}/statistics?data_type=REQUEST&start_time=${end - 100 * 300_000}&end_time=${end}`,
      );
      expect(tooMany.status).toBe(400);
      expect(tooMany.json.error_code).toBe("OMS.0003");
    } finally {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
  });

  it("refuses an unknown odd task kind with usage and exit code 2", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--odd-tasks", "weird"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      err += s;
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(err).toContain("--odd-tasks takes unknownStatus");
  });
});
