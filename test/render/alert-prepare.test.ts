import { describe, expect, it } from "vitest";
import { wrapChartText } from "../../src/render/chart-text.ts";
import { DIGEST_MAX_POINTS } from "../../src/render/constants.ts";
import { collapseRuns, digestHeight, prepareDigestChart } from "../../src/render/digest-prepare.ts";
import {
  alertScaleMax,
  prepareIncidentChart,
  splitAtThreshold,
  thresholdLabel,
} from "../../src/render/incident-prepare.ts";
import { digestInput, incidentInput } from "./alert-fixtures.ts";
import { FIVE_MIN, START } from "./fixtures.ts";

const at = (i: number) => START + i * FIVE_MIN;
const pts = (vs: number[]) => vs.map((v, i) => ({ t: at(i), v }));

describe("incident chart preparation", () => {
  it("cuts the stretches above the threshold at the crossings", () => {
    const { line, over } = splitAtThreshold(pts([0, 20, 20, 0]), 10, FIVE_MIN);
    expect(line).toHaveLength(4);
    // Up through 10 halfway between points 0 and 1, down halfway between 2 and 3.
    expect(over).toEqual([
      { t: at(0.5), v: 10, seg: 0, th: 10 },
      { t: at(1), v: 20, seg: 0, th: 10 },
      { t: at(2), v: 20, seg: 0, th: 10 },
      { t: at(2.5), v: 10, seg: 0, th: 10 },
    ]);
  });

  it("breaches on strictly above, like the rules; two breaches are two stretches", () => {
    const { over } = splitAtThreshold(pts([10, 10, 15, 5, 15]), 10, FIVE_MIN);
    expect(new Set(over.map((r) => r.seg)).size).toBe(2);
    expect(over.filter((r) => r.v > 10).map((r) => r.t)).toEqual([at(2), at(4)]);
    expect(over[0]).toMatchObject({ t: at(1), v: 10 });
  });

  it("splits the line at gaps and dots lone points, which a line would not draw", () => {
    const points = [...pts([1, 2]), { t: at(5), v: 30 }, { t: at(8), v: 3 }, { t: at(9), v: 4 }];
    const { line, over, dots } = splitAtThreshold(points, 10, FIVE_MIN);
    expect(line.map((r) => r.seg)).toEqual([0, 0, 1, 2, 2]);
    expect(over).toEqual([{ t: at(5), v: 30, seg: 0, th: 10 }]);
    expect(dots).toEqual([{ t: at(5), v: 30, over: true }]);
  });

  it("keeps the threshold inside the scale with room above, percentages up to 100", () => {
    expect(alertScaleMax(pts([0, 1, 2]), 10, "count")).toBeGreaterThanOrEqual(12.5);
    expect(alertScaleMax(pts([0, 40]), 10, "count")).toBeGreaterThanOrEqual(40);
    expect(alertScaleMax(pts([0, 99]), 90, "percent")).toBe(100);
    expect(alertScaleMax([], 0, "count")).toBeGreaterThanOrEqual(1);
  });

  it("labels the threshold in the words of core's alert texts", () => {
    expect(thresholdLabel(10, "count")).toBe("alert above 10");
    expect(thresholdLabel(1500, "count")).toBe("alert above 1,500");
    expect(thresholdLabel(5, "percent")).toBe("alert above 5%");
    expect(thresholdLabel(1_800_000, "duration-ms")).toBe("alert above 30m");
  });

  it("adds the alert panel only when the rule has a measure, and then drops throughput", () => {
    const input = incidentInput();
    const withAlert = prepareIncidentChart({
      ...input,
      series: { ...input.series, SIZE: input.series.REQUEST ?? [] },
    });
    expect(withAlert.variant).toMatchObject({ alert: "count", size: false, failures: true });
    expect(withAlert.alert?.signals.alertLabel).toBe("failures in 15m (rolling)");
    const { alert: _alert, ...plain } = input;
    expect(prepareIncidentChart(plain).variant.alert).toBeUndefined();
  });

  it("leaves out measure points past the range (its marks are not clipped), not its scale", () => {
    const input = incidentInput();
    const inside = input.alert?.points ?? [];
    const { start, end } = input.range;
    const outside = [
      { t: start - 2 * FIVE_MIN, v: 500 },
      { t: end + FIVE_MIN, v: 900 },
    ];
    const alert = input.alert && { ...input.alert, points: [...outside, ...inside] };
    const prepared = prepareIncidentChart({ ...input, alert });
    const drawn = [...(prepared.alert?.line ?? []), ...(prepared.alert?.dots ?? [])];
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every((p) => p.t >= start && p.t <= end)).toBe(true);
    // The scale is set by the points drawn, as without the strays.
    expect(prepared.alert?.signals.alertMax).toBe(
      prepareIncidentChart(input).alert?.signals.alertMax,
    );
  });
});

describe("digest chart preparation", () => {
  it("plans the height from the rows and the footnote lines", () => {
    expect(prepareDigestChart(digestInput(3)).size.height).toBe(digestHeight(3, 1));
    expect(prepareDigestChart(digestInput(50, 12)).size.height).toBe(digestHeight(50, 2));
    expect(digestHeight(50, 2)).toBeGreaterThan(digestHeight(20, 2));
  });

  it("notes the tasks left out under the axis", () => {
    const footer = prepareDigestChart(digestInput(20, 30)).footer;
    expect(footer[0]?.text).toBe("…and 30 more tasks, not drawn (fewer failures)");
    expect(prepareDigestChart(digestInput(3)).footer).toHaveLength(1);
  });

  it("draws nothing for an unavailable row but its grey band and note", () => {
    const input = digestInput(7);
    const prepared = prepareDigestChart(input);
    expect(input.rows[6]?.unavailable).toBe(true);
    expect(prepared.requests.some((r) => r.row === 6)).toBe(false);
    expect(prepared.failures.some((r) => r.row === 6)).toBe(false);
    expect(prepared.notes.map((n) => n.text)).toEqual(["statistics unavailable"]);
    expect(prepared.counts[6]?.text).toBe("no statistics");
  });

  it("keeps each row inside its band, thinned, spanning the whole range", () => {
    const prepared = prepareDigestChart(digestInput(5));
    for (let i = 0; i < 5; i++) {
      const rows = prepared.requests.filter((r) => r.row === i);
      expect(rows.length).toBeLessThanOrEqual(DIGEST_MAX_POINTS + 2);
      expect(rows[0]?.t).toBe(START);
      expect(rows.at(-1)?.t).toBe(START + 287 * FIVE_MIN);
      const top = 5 - i;
      for (const r of [...rows, ...prepared.failures.filter((f) => f.row === i)]) {
        expect(r.y).toBeGreaterThanOrEqual(top - 0.9 - 1e-9);
        expect(r.y).toBeLessThanOrEqual(top - 0.1);
      }
    }
  });

  it("drops the inside of flat runs only", () => {
    expect(collapseRuns(pts([0, 0, 0, 0, 5, 0, 0]))).toEqual([
      { t: at(0), v: 0 },
      { t: at(3), v: 0 },
      { t: at(4), v: 5 },
      { t: at(5), v: 0 },
      { t: at(6), v: 0 },
    ]);
  });

  it("wraps long names in two lines cut with an ellipsis, breaking after separators", () => {
    expect(wrapChartText("db-dumps", 13, 176)).toEqual(["db-dumps"]);
    const lines = wrapChartText("logs-eu-central-1-to-obs-cn-north-4-cold-storage", 13, 176);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("logs-eu-central-");
    expect(lines[1]?.endsWith("…")).toBe(true);
    // Chinese characters are a full em each: 13 of them fill a 176 px line.
    const han = wrapChartText("夜间备份同步归档".repeat(4), 13, 176);
    expect(han).toHaveLength(2);
    expect([...(han[0] ?? "")].length).toBe(13);
  });
});
