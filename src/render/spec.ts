import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Spec as VegaSpec } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import {
  COUNT_COLORS,
  COUNTS_HEIGHT,
  NO_LEGEND_PANEL_HEIGHT,
  PLOT_WIDTH,
  SINGLE_PANEL_HEIGHT,
  THROUGHPUT_HEIGHT,
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

export function loadChartSpec(name: "stats" | "no-data"): Json {
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

/** The Vega-Lite spec for one variant: unused panels and legend entries removed. */
export function buildVariantSpec(variant: ChartVariant): Json {
  if (variant.kind === "empty") {
    const empty = loadChartSpec("no-data");
    empty.width = PLOT_WIDTH;
    empty.height = NO_LEGEND_PANEL_HEIGHT;
    return empty;
  }
  const spec = loadChartSpec("stats");
  const panels = arr(spec, "vconcat");
  const counts = panel(panels, "counts");
  const throughput = panel(panels, "throughput");
  const both = variant.countTypes.length > 0 && variant.size;
  const kept: Json[] = [];

  if (variant.countTypes.length > 0) {
    counts.width = PLOT_WIDTH;
    counts.height = both ? COUNTS_HEIGHT : SINGLE_PANEL_HEIGHT;
    const enc = obj(counts, "encoding");
    const labels = variant.countTypes.map((t) => COUNT_LABELS[t]);
    obj(enc, "color").scale = {
      domain: labels,
      range: labels.map((l) => COUNT_COLORS[l as keyof typeof COUNT_COLORS]),
    };
    obj(enc, "y").title = variant.perLabel;
    // The bottom panel carries the time labels; the top one keeps ticks and grid only.
    if (both) obj(obj(enc, "x"), "axis").labels = false;
    kept.push(counts);
  }
  if (variant.size) {
    throughput.width = PLOT_WIDTH;
    throughput.height = both ? THROUGHPUT_HEIGHT : NO_LEGEND_PANEL_HEIGHT;
    kept.push(throughput);
  }
  spec.vconcat = kept;
  return spec;
}

export function compileVariant(variant: ChartVariant): VegaSpec {
  const spec = buildVariantSpec(variant);
  try {
    return compile(spec as unknown as TopLevelSpec).spec;
  } catch (e) {
    throw renderFailed(`vega-lite compile failed for ${variant.kind}`, e);
  }
}
