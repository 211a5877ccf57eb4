/** OpsMetrics: one registry per bot, bounded labels, the counters the lead's code calls. */
import { describe, expect, it } from "vitest";
import { histogramQuantile, metricValue, OpsMetrics } from "../../src/ops/metrics.ts";

describe("OpsMetrics", () => {
  it("gives every bot its own registry: two in one process do not collide", async () => {
    const a = new OpsMetrics();
    const b = new OpsMetrics();
    a.commandHandled("list", "ok", 0.1);
    expect(await metricValue(a.registry, "omsbot_commands_total")).toBe(1);
    expect(await metricValue(b.registry, "omsbot_commands_total")).toBe(0);
    const text = (await b.exposition()).text;
    expect(text).toContain("process_resident_memory_bytes");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("leaves the process metrics out when asked (the shell)", async () => {
    const { text, contentType } = await new OpsMetrics({ defaultMetrics: false }).exposition();
    expect(text).not.toContain("process_");
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("counts the hooks other parts call", async () => {
    const m = new OpsMetrics({ defaultMetrics: false });
    m.alertOpened();
    m.alertOpened();
    m.alertResolved();
    m.digestPosted();
    m.slackRateLimited();
    m.scheduledRunSkipped("alerts");
    m.scheduledRunSkipped("digest:d0k3x9a2");
    m.scheduledRunSkipped("digest:d7777777");
    m.scheduledRunSkipped("U123 weird");
    const { text } = await m.exposition();
    for (const line of [
      "omsbot_alerts_opened_total 2",
      "omsbot_alerts_resolved_total 1",
      "omsbot_digests_posted_total 1",
      "omsbot_slack_rate_limited_total 1",
      'omsbot_scheduled_runs_skipped_total{job="alerts"} 1',
      'omsbot_scheduled_runs_skipped_total{job="digest"} 2',
      'omsbot_scheduled_runs_skipped_total{job="other"} 1',
    ]) {
      expect(text).toContain(line);
    }
    // A digest's ID is not a label: one series per kind of job.
    expect(text).not.toMatch(/d0k3x9a2|U123/);
  });

  it("keeps cloud labels bounded: the service's name and the error code, lowercased", async () => {
    const m = new OpsMetrics({ defaultMetrics: false });
    m.cloudAttempt({ service: "OMS", outcome: "API_UNAVAILABLE", retry: false });
    m.cloudAttempt({ service: "OMS", outcome: "ok", retry: true });
    m.cloudAttempt({ service: "https://evil.example/?token=x", outcome: "ok", retry: false });
    const { text } = await m.exposition();
    expect(text).toContain(
      'omsbot_cloud_requests_total{service="oms",outcome="api_unavailable"} 1',
    );
    expect(text).toContain('omsbot_cloud_requests_total{service="oms",outcome="ok"} 1');
    expect(text).toContain('omsbot_cloud_retries_total{service="oms"} 1');
    expect(text).toContain('omsbot_cloud_requests_total{service="other",outcome="ok"} 1');
    expect(text).not.toContain("evil");
  });

  it("times commands and charts in histograms", async () => {
    const m = new OpsMetrics({ defaultMetrics: false });
    for (const s of [0.04, 0.3, 0.3, 4]) m.commandHandled("stats", "ok", s);
    m.chartRendered("digest", "failed", 1.5);
    expect(
      await metricValue(m.registry, "omsbot_command_duration_seconds", { command: "stats" }),
    ).toBe(4);
    const p50 = await histogramQuantile(m.registry, "omsbot_command_duration_seconds", 0.5);
    expect(p50).toBeGreaterThan(0.25);
    expect(p50).toBeLessThanOrEqual(0.5);
    expect(
      await metricValue(m.registry, "omsbot_render_duration_seconds", {
        kind: "digest",
        outcome: "failed",
      }),
    ).toBe(1);
  });
});
