/** The render module's public face: the worker pool for the app, the in-process pipeline for tools. */
export {
  CHART_CSS_HEIGHT,
  CHART_CSS_WIDTH,
  PIXEL_RATIO,
  PNG_HEIGHT,
  PNG_WIDTH,
} from "./constants.ts";
export { RenderPool, type RenderPoolOptions } from "./pool.ts";
export { type RenderResult, type StageTimings, StatsRenderer } from "./renderer.ts";
