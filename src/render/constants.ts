/**
 * Every size and colour the stats chart depends on, in one place.
 *
 * 900×500 CSS px at 1.5× (1350×750 PNG). Slack shows an inline preview at roughly half that
 * width (its 720 px thumbnail on a 2× screen), where 13–14 px text still reads; opened full
 * size, 1350 px wide fills a laptop's viewer without upscaling on a 1× screen and reads well
 * on a 2× one (looked at side by side with 2×). Rasterising and encoding scale with the pixel
 * count: measured on the 288-point chart in-process (2 cores, load ~2), raster 41 → 29
 * ms, encode 13 → 7 ms, the whole chart 74 → 54 ms; 2016 points 111 → 82 ms.
 */
export const CHART_CSS_WIDTH = 900;
export const CHART_CSS_HEIGHT = 500;
export const PIXEL_RATIO = 1.5;
export const PNG_WIDTH = CHART_CSS_WIDTH * PIXEL_RATIO;
export const PNG_HEIGHT = CHART_CSS_HEIGHT * PIXEL_RATIO;

/** Plot-area sizes handed to Vega-Lite; axes, legend and titles come on top of these. */
export const PLOT_WIDTH = 740;
/** All panels with the legend above them: what is left of 500 px under the titles. */
export const PANELS_HEIGHT = 355;
/** Throughput or failures alone have no legend, so they take its ~45 px too. */
export const NO_LEGEND_PANELS_HEIGHT = 388;
/** The no-data box takes the whole plot area (measured: it has no axis labels to overflow). */
export const NO_DATA_HEIGHT = 390;
/** Between stacked panels (Vega-Lite's concat spacing). */
export const PANEL_SPACING = 18;
/**
 * Each extra panel costs this much more than its spacing: its y labels reach past its top and
 * bottom and vega-lite spaces panels by their full bounds. Measured: three panels without it
 * came out 516 px high and were shrunk to fit 500 (a spec test holds every variant to 900×500).
 */
export const PANEL_OVERFLOW = 14;
/**
 * Shares of the height. Failures get their own panel and y scale: in one scale with requests
 * in the millions, tens of failures lie on the zero line, and "is it failing?" is the question
 * the chart is opened for. It is the smallest panel (~70 px, ~35 px in Slack's preview), enough
 * for a red line to rise off its zero; counts, whose shape matters, get the most room.
 */
export const PANEL_WEIGHTS = { counts: 2, failures: 1, throughput: 1.2, alert: 1.6 } as const;
/**
 * The incident chart's alert panel has a title of its own (the rule's measure, e.g. "failures in
 * 15m (rolling)") above its plot: 14 px text and its offset, taken from the panels' room.
 */
export const ALERT_TITLE_ROOM = 22;

/**
 * At most this many labelled ticks on the time axis: a label like "Nov 22" at 13 px is about
 * 55 px wide with vega's width estimate (0.8 × chars × size), and the plot is 740 px wide.
 */
export const MAX_TIME_TICKS = 9;

/**
 * Above this many points per series, series are bucketed for drawing: 300 buckets of about
 * 2.5 CSS px (3.7 PNG px) on the 740 px plot, each keeping its min and max, so every spike and
 * trough survives. It was 800 (400 buckets): a 7-day chart's dataflow and SVG took 15 ms instead
 * of 10.4, its raster 25 instead of 23, and 16-chart bursts of 2016 points through the pool went
 * 21 → 24.4 charts/s (issue 11, alternated runs); the envelope is the same, only the zig-zag
 * inside a noisy band is less dense. Drawn whole, 2016 points cost 2–3× (README, "Aggregation").
 */
export const MAX_DRAWN_POINTS = 600;

export const COUNT_COLORS = {
  requested: "#4c78a8",
  succeeded: "#2ca02c",
  skipped: "#9e9e9e",
} as const;
/** Failures only: nothing else on the chart is red. */
export const FAILURE_COLOR = "#d62728";

/** Title and subtitle; task names arrive here, so their width is fitted for CJK (chart-text.ts). */
export const TITLE_FONT_SIZE = 22;
export const SUBTITLE_FONT_SIZE = 15;
/** Widest title and subtitle in CSS px: the 900 px chart less its 12 px left padding and a margin. */
export const TITLE_LIMIT = 860;

export const FONT_FAMILY = "DejaVu Sans";
/** Files inside the npm package dejavu-fonts-ttf; resvg draws no text at all without them. */
export const FONT_PACKAGE = "dejavu-fonts-ttf";
export const FONT_FILES = {
  regular: "ttf/DejaVuSans.ttf",
  bold: "ttf/DejaVuSans-Bold.ttf",
} as const;
/**
 * For characters DejaVu lacks (Chinese task names). resvg never gets these 10 MB files: a chart
 * whose title needs them gets a subset with its characters only (fonts.ts, README "Fonts").
 */
export const CJK_FONT_FAMILY = "Noto Sans SC";
export const CJK_FONT_PACKAGE = "@expo-google-fonts/noto-sans-sc";
export const CJK_FONT_FILES = {
  regular: "400Regular/NotoSansSC_400Regular.ttf",
  bold: "700Bold/NotoSansSC_700Bold.ttf",
} as const;

/**
 * The digest's small multiples: 900 CSS px wide like every chart, as tall as its rows need.
 * A row is 60 CSS px (30 in Slack's half-size preview: the name still reads, the shape too);
 * 50 rows make 3,200 px, a long but readable scroll, where a fixed height would squeeze 50
 * rows into 8 px each. Rows share one time axis; names sit in a column left of the plot.
 */
export const DIGEST_ROW_HEIGHT = 60;
/**
 * The name column left of the plot: two lines of ~19 characters by vega's width estimate, then
 * "…" (chart-text.ts wrapChartText).
 */
export const DIGEST_LABEL_WIDTH = 190;
export const DIGEST_LABEL_LIMIT = 176;
export const DIGEST_PLOT_WIDTH = 670;
/** Title, subtitle and the time labels above the rows. */
export const DIGEST_HEADER_HEIGHT = 76;
/** The time axis under the rows, and the bottom padding. */
export const DIGEST_AXIS_HEIGHT = 48;
/** One line of the footnote under the axis (tasks left out, how rows are scaled). */
export const DIGEST_FOOTER_LINE = 17;
/** Points per series and row: 72 min/max buckets of ~9 px on the 670 px plot. */
export const DIGEST_MAX_POINTS = 144;
export const DIGEST_NAME_FONT_SIZE = 13;
export const DIGEST_NAME_LINE = 15;
export const DIGEST_COUNT_FONT_SIZE = 12;
