import type { Spec as VegaSpec } from "vega";
import { CHART_CSS_HEIGHT, CHART_CSS_WIDTH } from "./constants.ts";
import type { PreparedDigest } from "./digest-prepare.ts";
import { faceFor, type Weight } from "./fonts.ts";
import type { PreparedIncident } from "./incident-prepare.ts";
import { COUNT_LABELS, variantKey } from "./prepare.ts";
import { compileDigest, compileVariant, countsData } from "./spec.ts";

/** A text to be drawn in the CJK face, so its glyphs go into the chart's font subset. */
export interface CjkText {
  text: string;
  weight: Weight;
}

/**
 * One chart as the shared pipeline (renderer.ts) takes it: the View to build once per `key`,
 * what to feed it, and the picture's size. Every chart kind comes down to this, so stats,
 * incident and digest charts share the View cache, the fonts and the rasteriser.
 */
export interface ChartDraw {
  key: string;
  compile: () => VegaSpec;
  /** Only signals the spec declares: vega throws on unknown ones. */
  signals: Record<string, unknown>;
  data: Record<string, object[]>;
  /** vega's plot height when it follows the data (the digest's rows); else the spec's. */
  plotHeight?: number;
  cjkTexts: CjkText[];
  /** CSS px; the PNG is PIXEL_RATIO times that. */
  size: { width: number; height: number };
}

/** The family to name for `text`, noting it when the CJK face is needed (fonts.ts faceFor). */
function faced(text: string, weight: Weight, cjk: CjkText[]): string {
  const choice = faceFor(text, weight);
  if (choice.cjk) cjk.push({ text, weight: choice.cjk });
  return choice.family;
}

/** A stats chart, or an incident chart (the stats panels plus the alert panel). */
export function statsDraw(prepared: PreparedIncident): ChartDraw {
  const { variant, signals } = prepared;
  const cjkTexts: CjkText[] = [];
  // The title is bold and the subtitle regular in the spec; each gets the face its text needs.
  const titles = {
    titleText: signals.titleText,
    subtitleText: signals.subtitleText,
    titleFont: faced(signals.titleText, "bold", cjkTexts),
    subtitleFont: faced(signals.subtitleText, "regular", cjkTexts),
  };
  const draw: ChartDraw = {
    key: variantKey(variant),
    compile: () => compileVariant(variant),
    // The no-data spec declares only the title params.
    signals: variant.kind === "stats" ? { ...signals, ...titles } : titles,
    data: {},
    cjkTexts,
    size: { width: CHART_CSS_WIDTH, height: CHART_CSS_HEIGHT },
  };
  if (variant.kind !== "stats") return draw;
  for (const type of variant.countTypes) {
    const label = COUNT_LABELS[type];
    draw.data[countsData(label)] = prepared.counts.filter((r) => r.type === label);
  }
  if (variant.failures) draw.data.failures = prepared.failures;
  if (variant.size) draw.data.throughput = prepared.throughput;
  const alert = prepared.alert;
  if (variant.alert && alert) {
    Object.assign(draw.signals, alert.signals);
    draw.data.alertLine = alert.line;
    draw.data.alertOver = alert.over;
    draw.data.alertDots = alert.dots;
    draw.data.alertRule = alert.rule;
  }
  return draw;
}

/** The digest: one spec for any number of rows; task names may need the CJK face. */
export function digestDraw(prepared: PreparedDigest): ChartDraw {
  const { signals } = prepared;
  const cjkTexts: CjkText[] = [];
  const names = prepared.names.map((n) => {
    const text = typeof n.text === "string" ? n.text : n.text.join("");
    return { ...n, font: faced(text, "bold", cjkTexts) };
  });
  return {
    key: "digest",
    compile: compileDigest,
    signals: {
      ...signals,
      titleFont: faced(signals.titleText, "bold", cjkTexts),
      subtitleFont: faced(signals.subtitleText, "regular", cjkTexts),
    },
    data: {
      bands: prepared.bands,
      requests: prepared.requests,
      failures: prepared.failures,
      names,
      counts: prepared.counts,
      notes: prepared.notes,
      footer: prepared.footer,
      ticks: prepared.ticks,
    },
    plotHeight: prepared.plotHeight,
    cjkTexts,
    size: prepared.size,
  };
}
