import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Spec as VegaSpec } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import {
  ALERT_TITLE_ROOM,
  COUNT_COLORS,
  DIGEST_LABEL_LIMIT,
  DIGEST_LABEL_WIDTH,
  DIGEST_PLOT_WIDTH,
  NO_DATA_HEIGHT,
  NO_LEGEND_PANELS_HEIGHT,
  PANEL_OVERFLOW,
  PANEL_SPACING,
  PANEL_WEIGHTS,
  PANELS_HEIGHT,
  PLOT_WIDTH,
  SUBTITLE_FONT_SIZE,
  TITLE_FONT_SIZE,
  TITLE_LIMIT,
} from "./constants.ts";
import { renderFailed } from "./failure.ts";
import { type ChartVariant, COUNT_LABELS } from "./prepare.ts";

/** JSON as read from charts/*.vl.json; only the few paths below are touched. */
type Json = { [key: string]: unknown };

/** charts/ sits at the repo root: two levels up from src/render, three from dist/src/render. */
function chartsDir(): string {
  for (const up of ["../../charts/", "../../../charts/"]) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  throw renderFailed("charts/ directory not found next to the source tree");
}

const loaded = new Map<string, Json>();

export function loadChartSpec(name: "stats" | "no-data" | "incident" | "digest"): Json {
  let spec = loaded.get(name);
  if (!spec) {
    const file = `${chartsDir()}${name}.vl.json`;
    try {
      spec = JSON.parse(readFileSync(file, "utf8")) as Json;
    } catch (e) {
      throw renderFailed(`cannot read ${file}`, e);
    }
    loaded.set(name, spec);
  }
  // Callers edit their copy; the cached original stays pristine.
  return structuredClone(spec);
}

function obj(parent: Json, key: string): Json {
  const v = parent[key];
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw renderFailed(`chart spec: "${key}" is not an object`);
  }
  return v as Json;
}

function arr(parent: Json, key: string): Json[] {
  const v = parent[key];
  if (!Array.isArray(v)) throw renderFailed(`chart spec: "${key}" is not an array`);
  return v as Json[];
}

function panel(panels: Json[], name: string): Json {
  const p = panels.find((x) => x.name === name);
  if (!p) throw renderFailed(`chart spec: no panel named ${name}`);
  return p;
}

type PanelName = keyof typeof PANEL_WEIGHTS;

/**
 * Heights of the kept panels, top to bottom: the room under the titles (and the legend, which
 * only the counts panel has) shared by PANEL_WEIGHTS, so the PNG is always the same size.
 */
export function panelHeights(names: readonly PanelName[]): number[] {
  const room =
    (names.includes("counts") ? PANELS_HEIGHT : NO_LEGEND_PANELS_HEIGHT) -
    (PANEL_SPACING + PANEL_OVERFLOW) * (names.length - 1) -
    (names.includes("alert") ? ALERT_TITLE_ROOM : 0);
  const total = names.reduce((sum, n) => sum + PANEL_WEIGHTS[n], 0);
  return names.map((n) => Math.round((room * PANEL_WEIGHTS[n]) / total));
}

/** The title sizes prepare.ts fits wide text to (chart-text.ts `fitWideText`). */
function sizeTitle(spec: Json): void {
  const title = obj(spec, "title");
  title.limit = TITLE_LIMIT;
  title.fontSize = TITLE_FONT_SIZE;
  title.subtitleFontSize = SUBTITLE_FONT_SIZE;
}

/** The Vega-Lite spec for one variant: unused panels and legend entries removed. */
export function buildVariantSpec(variant: ChartVariant): Json {
  if (variant.kind === "empty") {
    const empty = loadChartSpec("no-data");
    sizeTitle(empty);
    empty.width = PLOT_WIDTH;
    empty.height = NO_DATA_HEIGHT;
    return empty;
  }
  const spec = loadChartSpec("stats");
  sizeTitle(spec);
  obj(obj(spec, "config"), "concat").spacing = PANEL_SPACING;
  const panels = arr(spec, "vconcat");
  const names: PanelName[] = [];
  if (variant.countTypes.length > 0) names.push("counts");
  if (variant.failures) names.push("failures");
  if (variant.size) names.push("throughput");
  if (variant.alert) {
    names.push("alert");
    panels.push(alertPanel(spec, variant.alert));
  }

  const kept = names.map((n) => panel(panels, n));
  const heights = panelHeights(names);
  kept.forEach((p, i) => {
    p.width = PLOT_WIDTH;
    p.height = heights[i];
    // Only the bottom panel carries the time labels; the others keep ticks and grid.
    if (i < kept.length - 1) obj(obj(obj(p, "encoding"), "x"), "axis").labels = false;
  });
  if (variant.countTypes.length > 0) {
    const counts = panel(panels, "counts");
    const enc = obj(counts, "encoding");
    const labels = variant.countTypes.map((t) => COUNT_LABELS[t]);
    obj(enc, "color").scale = { domain: labels, range: labels.map((l) => COUNT_COLORS[l]) };
    obj(enc, "y").title = variant.perLabel;
    kept[kept.indexOf(counts)] = linePerType(counts, labels);
  }
  spec.vconcat = kept;
  return spec;
}

/** The dataset holding one count type's rows (chart-draws.ts feeds it). */
export function countsData(label: string): string {
  return `counts_${label}`;
}

/**
 * The counts panel as one line layer per type, each on its own dataset, instead of one line
 * mark coloured by a `type` field: vega draws the latter through a facet, whose per-group
 * subflows and caches re-sort and clean on every new dataset (bench, issue 11: dataflow + SVG
 * 19.3 → 16.0 ms at 2016 points, 6.7 → 5.3 at 288, the PNG byte for byte the same). The
 * colour scale and its legend stay one, shared by the layers' `datum` colours.
 */
function linePerType(counts: Json, labels: readonly string[]): Json {
  const { data: _data, mark, encoding: _encoding, ...view } = counts;
  const encoding = obj(counts, "encoding");
  const { color: _color, ...shared } = encoding;
  const { field: _field, type: _type, ...scaleAndLegend } = obj(encoding, "color");
  return {
    ...view,
    encoding: shared,
    layer: labels.map((label) => ({
      data: { name: countsData(label), format: { parse: null } },
      mark,
      encoding: { color: { ...scaleAndLegend, datum: label } },
    })),
  };
}

/** How the alert panel's y axis reads each unit; counts are whole, like the other panels. */
const ALERT_AXES: Record<NonNullable<ChartVariant["alert"]>, Json> = {
  count: { tickCount: 3, tickMinStep: 1, labelExpr: "format(datum.value, '.3~s')" },
  percent: { tickCount: 3, labelExpr: "format(datum.value, '~r') + '%'" },
  "duration-ms": {
    tickCount: 3,
    labelExpr:
      "datum.value >= 3600000 ? format(datum.value / 3600000, '~r') + ' h' : datum.value >= 60000 ? format(datum.value / 60000, '~r') + ' min' : format(datum.value / 1000, '~r') + ' s'",
  },
};

/**
 * charts/incident.vl.json as the bottom panel of the stats spec: its params move to the top
 * (Vega-Lite allows variables only there) and it takes the counts panel's x encoding, so the
 * time axis (domain, ticks in the user's zone, labels) is defined once, in stats.vl.json.
 */
function alertPanel(spec: Json, unit: NonNullable<ChartVariant["alert"]>): Json {
  const incident = loadChartSpec("incident");
  arr(spec, "params").push(...arr(incident, "params"));
  const x = obj(obj(panel(arr(spec, "vconcat"), "counts"), "encoding"), "x");
  const { $schema: _schema, description: _description, params: _params, ...view } = incident;
  const encoding = obj(view, "encoding");
  encoding.x = structuredClone(x);
  const first = arr(view, "layer")[0] ?? {};
  const y = obj(obj(first, "encoding"), "y");
  y.axis = ALERT_AXES[unit];
  return { ...view, name: "alert" };
}

/**
 * charts/digest.vl.json with the sizes of constants.ts: the name column is drawn at negative x
 * (left of the plot) and vega's autosize makes room for it inside the 900 px.
 */
export function buildDigestSpec(): Json {
  const spec = loadChartSpec("digest");
  sizeTitle(spec);
  spec.width = DIGEST_PLOT_WIDTH;
  for (const layer of arr(spec, "layer")) {
    const data = obj(layer, "data").name;
    const x =
      data === "bands" || data === "names" || data === "counts" || data === "footer"
        ? obj(obj(layer, "encoding"), "x")
        : {};
    // Row bands run under the name column; its texts start a little inside it.
    if (data === "bands") x.value = -DIGEST_LABEL_WIDTH;
    if (data === "names" || data === "counts" || data === "footer") {
      x.value = -DIGEST_LABEL_WIDTH + 8;
    }
    if (data === "names") obj(layer, "mark").limit = DIGEST_LABEL_LIMIT;
  }
  return spec;
}

export function compileDigest(): VegaSpec {
  try {
    return compile(buildDigestSpec() as unknown as TopLevelSpec).spec;
  } catch (e) {
    throw renderFailed("vega-lite compile failed for the digest", e);
  }
}

export function compileVariant(variant: ChartVariant): VegaSpec {
  const spec = buildVariantSpec(variant);
  try {
    return compile(spec as unknown as TopLevelSpec).spec;
  } catch (e) {
    throw renderFailed(`vega-lite compile failed for ${variant.kind}`, e);
  }
}
