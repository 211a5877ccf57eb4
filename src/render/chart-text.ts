/**
 * Text from outside (task names, descriptions, whatever the caller puts in a title) made safe to
 * draw. The SVG vega writes is XML, and XML 1.0 cannot hold NUL, most C0 controls, lone
 * surrogates or U+FFFE/U+FFFF: one such character in a task name made resvg reject the whole
 * chart. Everything drawn from outside passes through `cleanChartText` in `prepareStatsChart`.
 */

/** Shown in place of a character that cannot be drawn, so the reader sees something was there. */
const REPLACEMENT = "\uFFFD";

/**
 * Whitespace controls become a space: titles are one line, and a tab or line break in a task
 * description separates words. U+2028/U+2029 are valid XML but would break the line the same way.
 */
const SPACE_LIKE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);

/**
 * C0 and C1 controls and DEL (invisible at best, ESC starts terminal colour codes), surrogates
 * (iterating a string by code point yields one only when it is unpaired), and noncharacters:
 * U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, …).
 */
function undrawable(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp >= 0xfdd0 && cp <= 0xfdef) ||
    (cp & 0xfffe) === 0xfffe
  );
}

/** Keeps every character XML and a reader can take (CJK, emoji, accents); replaces the rest. */
export function cleanChartText(s: string): string {
  let out = "";
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    if (SPACE_LIKE.has(cp)) out += " ";
    else if (undrawable(cp)) out += REPLACEMENT;
    else out += c;
  }
  return out;
}

/** vega's width estimate without node-canvas: 0.8 × UTF-16 length × font size (render-notes). */
const VEGA_EM_PER_CODE_UNIT = 0.8;
const ELLIPSIS = "…";

/**
 * East Asian wide and full-width characters (ideographs, kana, Hangul, CJK punctuation and
 * full-width forms): a full em each, where vega's estimate allows 0.8. Astral ideographs need no
 * entry: as two UTF-16 units vega already allows them 1.6 em.
 */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6)
  );
}

/** Width in em: the larger of vega's estimate and the drawn width of a wide character. */
function emWidth(c: string): number {
  const estimate = VEGA_EM_PER_CODE_UNIT * c.length;
  return isWide(c.codePointAt(0) ?? 0) ? Math.max(1, estimate) : estimate;
}

/**
 * `text` cut with "…" to fit `limit` px when it holds wide characters. vega truncates titles by
 * its estimate, which takes a Chinese character for 0.8 em: a 48-character Chinese name passed
 * as fitting 860 px and was drawn 1,056 px wide, past the chart's edge. Cut here by the wider
 * measure, the text's vega estimate is within the limit too, so vega leaves it alone. Text with
 * no wide character is returned as is: vega's own truncation draws it exactly as before.
 */
export function fitWideText(text: string, fontSize: number, limit: number): string {
  if (![...text].some((c) => isWide(c.codePointAt(0) ?? 0))) return text;
  return fitAnyText(text, fontSize, limit);
}

/** Where a name may break: after a space or a separator people put in task names. */
const BREAK_AFTER = new Set([" ", "-", "_", "/", ".", "→", ":", ","]);

/**
 * `text` in at most `lines` lines of `limit` px, the last cut with "…" when the rest does not fit;
 * for the digest's name column, where one 13 px line holds ~20 characters by vega's estimate
 * (it would truncate there). Widths are vega's estimate or the drawn full em of wide characters,
 * whichever is larger, so vega never truncates a line again. A line breaks after a separator
 * when one falls in its second half, else mid-word.
 */
export function wrapChartText(text: string, fontSize: number, limit: number, lines = 2): string[] {
  const budget = limit / fontSize;
  const out: string[] = [];
  let rest = [...text.trim()];
  while (rest.length > 0 && out.length < lines - 1) {
    let used = 0;
    let end = 0;
    while (end < rest.length && used + emWidth(rest[end] ?? "") <= budget) {
      used += emWidth(rest[end] ?? "");
      end++;
    }
    if (end === rest.length) break;
    let cut = end;
    for (let i = end; i > end / 2; i--) {
      if (BREAK_AFTER.has(rest[i - 1] ?? "")) {
        cut = i;
        break;
      }
    }
    out.push(rest.slice(0, cut).join("").trimEnd());
    rest = [...rest.slice(cut).join("").trimStart()];
  }
  if (rest.length > 0) out.push(fitAnyText(rest.join(""), fontSize, limit));
  return out;
}

/** `text` cut with "…" where it would pass `limit` px (wide characters a full em). */
function fitAnyText(text: string, fontSize: number, limit: number): string {
  const chars = [...text];
  const budget = limit / fontSize;
  let used = 0;
  for (const c of chars) used += emWidth(c);
  if (used <= budget) return text;
  // A full em for the ellipsis: the CJK face draws it wider than DejaVu does.
  const room = budget - 1;
  let out = "";
  used = 0;
  for (const c of chars) {
    used += emWidth(c);
    if (used > room) break;
    out += c;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}
