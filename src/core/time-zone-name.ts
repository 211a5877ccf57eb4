/**
 * Reading a timezone a person typed (DEFAULT_TZ, `digest add … Europe/Berlin`, the shell's `tz`).
 * `Intl` accepts legacy names and abbreviations and resolves them silently: `CST` becomes
 * America/Chicago although most OMS users who type it mean China Standard Time, `EST` becomes
 * America/Panama (no DST). So only `Area/City` names, `UTC`/`GMT` and `Etc/…` are taken as they
 * are; anything else is refused with the zones it may have meant.
 */
import { closestMatches } from "./text-distance.ts";
import { canonicalTimeZone, knownTimeZones } from "./zoned-time.ts";

export type ZoneReading = { ok: true; tz: string } | { ok: false; suggestions: string[] };

/** Abbreviations people type, with every zone each may mean (most likely first). */
const ABBREVIATIONS: Record<string, readonly string[]> = {
  CST: ["Asia/Shanghai", "America/Chicago"],
  CDT: ["America/Chicago"],
  CT: ["America/Chicago"],
  EST: ["America/New_York"],
  EDT: ["America/New_York"],
  ET: ["America/New_York"],
  MST: ["America/Denver", "America/Phoenix"],
  MDT: ["America/Denver"],
  PST: ["America/Los_Angeles"],
  PDT: ["America/Los_Angeles"],
  PT: ["America/Los_Angeles"],
  IST: ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
  BST: ["Europe/London", "Asia/Dhaka"],
  CET: ["Europe/Berlin", "Europe/Paris"],
  CEST: ["Europe/Berlin", "Europe/Paris"],
  EET: ["Europe/Athens", "Europe/Helsinki"],
  WET: ["Europe/Lisbon"],
  HKT: ["Asia/Hong_Kong"],
  SGT: ["Asia/Singapore"],
  JST: ["Asia/Tokyo"],
  KST: ["Asia/Seoul"],
  AEST: ["Australia/Sydney", "Australia/Brisbane"],
  AEDT: ["Australia/Sydney"],
  NZST: ["Pacific/Auckland"],
  MSK: ["Europe/Moscow"],
  BJT: ["Asia/Shanghai"],
  PRC: ["Asia/Shanghai"],
};

/** `CST`, `pst`: words to read as a (refused) zone rather than as a task name. */
export function isZoneAbbreviation(word: string): boolean {
  return Object.hasOwn(ABBREVIATIONS, word.toUpperCase());
}

const AREAS =
  /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//i;

export function readTimeZone(text: string): ZoneReading {
  const typed = text.trim();
  if (/^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(typed)) return { ok: true, tz: "UTC" };
  const listed = ABBREVIATIONS[typed.toUpperCase()];
  if (listed) return { ok: false, suggestions: [...listed] };
  const canonical = canonicalTimeZone(typed);
  if (canonical && (AREAS.test(typed) || /^Etc\/GMT[+-]\d{1,2}$/i.test(typed))) {
    return { ok: true, tz: canonical };
  }
  if (canonical) return { ok: false, suggestions: [canonical] };
  return { ok: false, suggestions: nearZones(typed) };
}

/** `Asia/Shangai` → Asia/Shanghai; `Berlin` → Europe/Berlin. */
function nearZones(typed: string): string[] {
  const zones = knownTimeZones();
  const city = typed.toLowerCase().replace(/ /g, "_");
  const byCity = zones.filter((z) => z.toLowerCase().split("/").pop() === city);
  if (byCity.length > 0) return byCity.slice(0, 3);
  const near = closestMatches(typed, zones, 3, Math.max(2, Math.floor(typed.length / 4)));
  if (near.length > 0) return near;
  // `Shangai` alone: compare with the city part of each zone.
  const cities = new Map(zones.map((z) => [z.split("/").pop() ?? z, z]));
  return closestMatches(typed, [...cities.keys()], 3, 2).flatMap((c) => cities.get(c) ?? []);
}

/** " Did you mean `Asia/Shanghai` or `America/Chicago`?" or "" — for messages in any adapter. */
export function zoneHint(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  return ` Did you mean ${suggestions.map((z) => `\`${z}\``).join(" or ")}?`;
}
