/**
 * Splits mrkdwn text into pieces of at most `max` characters, preferring line breaks, then
 * spaces, and never leaving a ``` code fence open across two blocks (Slack would render the rest
 * of the message as code). Pure.
 */

const FENCE = "```";
const CLOSE = `\n${FENCE}`;
const OPEN = `${FENCE}\n`;

export function splitText(text: string, max: number): string[] {
  if (max < 32) throw new RangeError(`splitText: max ${max} is too small`);
  const out: string[] = [];
  let rest = text;
  let reopen = false;
  while (rest.length > 0) {
    const prefix: string = reopen ? OPEN : "";
    if (prefix.length + rest.length <= max) {
      out.push(prefix + rest);
      break;
    }
    // Keep room to close a fence that this piece might leave open.
    const budget = max - prefix.length - CLOSE.length;
    const { cut, skip } = findCut(rest, budget);
    let piece: string = prefix + rest.slice(0, cut);
    rest = rest.slice(cut + skip);
    reopen = countFences(piece) % 2 === 1;
    if (reopen) piece += CLOSE;
    out.push(piece);
  }
  return out;
}

/** Where to cut `s` so that the head is at most `budget` long; `skip` drops the separator. */
function findCut(s: string, budget: number): { cut: number; skip: number } {
  const floor = Math.floor(budget / 2);
  const nl = s.lastIndexOf("\n", budget);
  if (nl >= floor) return { cut: nl, skip: 1 };
  const sp = s.lastIndexOf(" ", budget);
  if (sp >= floor) return { cut: sp, skip: 1 };
  let cut = budget;
  // Never split a UTF-16 surrogate pair (an emoji would turn into two broken halves).
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return { cut, skip: 0 };
}

function countFences(s: string): number {
  let n = 0;
  for (let i = s.indexOf(FENCE); i !== -1; i = s.indexOf(FENCE, i + FENCE.length)) n += 1;
  return n;
}

/** Shortens to `max` characters with an ellipsis (for labels that cannot be split). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
