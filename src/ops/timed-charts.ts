/**
 * The chart ports with every render timed into omsbot_render_duration_seconds: the renderer
 * itself stays free of metrics, and commands, alerts and digests are all measured alike.
 */
import type { AlertChartPort, ChartPort } from "../app/ports.ts";
import type { ChartKind, OpsMetrics } from "./metrics.ts";

export function timedCharts(
  charts: ChartPort & AlertChartPort,
  metrics: OpsMetrics,
): ChartPort & AlertChartPort {
  const timed = async (kind: ChartKind, draw: () => Promise<Uint8Array>) => {
    const started = performance.now();
    try {
      const png = await draw();
      metrics.chartRendered(kind, "ok", (performance.now() - started) / 1000);
      return png;
    } catch (e) {
      metrics.chartRendered(kind, "failed", (performance.now() - started) / 1000);
      throw e;
    }
  };
  return {
    renderStats: (input) => timed("stats", () => charts.renderStats(input)),
    renderIncident: (input) => timed("incident", () => charts.renderIncident(input)),
    renderDigest: (input) => timed("digest", () => charts.renderDigest(input)),
  };
}
