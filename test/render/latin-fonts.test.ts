import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { primaryFontFiles } from "../../src/render/fonts.ts";
import { primaryFontsFor } from "../../src/render/latin-fonts.ts";

describe("DejaVu's Latin subset", () => {
  it("is used for Latin texts, nested in signals and rows, and exists on disk", () => {
    const files = primaryFontsFor([
      { titleText: "nightly-backup → obs", xLabels: { "1": "Nov 22" } },
      { counts: [{ type: "requested" }] },
    ]);
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.includes("omsbot-dejavu-latin") && existsSync(f))).toBe(true);
  });

  it("gives way to the full files when a text leaves its ranges (Cyrillic, Greek)", () => {
    expect(primaryFontsFor({ titleText: "резервная копия" })).toEqual(primaryFontFiles());
    expect(primaryFontsFor([{ names: [{ text: ["Δ-sync"] }] }])).toEqual(primaryFontFiles());
    // Past the BMP (a surrogate pair), and far down a long list of rows.
    expect(primaryFontsFor({ titleText: "backup 😀" })).toEqual(primaryFontFiles());
    const rows = Array.from({ length: 5000 }, (_, i) => ({ t: i, v: i, label: "ok" }));
    rows[4321] = { t: 0, v: 0, label: "ок" };
    expect(primaryFontsFor([{}, { rows }])).toEqual(primaryFontFiles());
  });

  it("keeps the subset for punctuation, currency and arrows above Latin Extended", () => {
    const files = primaryFontsFor({ titleText: "a–b … €5 → ¥6 ½", subtitle: "“x” ‰" });
    expect(files.every((f) => f.includes("omsbot-dejavu-latin"))).toBe(true);
  });
});
