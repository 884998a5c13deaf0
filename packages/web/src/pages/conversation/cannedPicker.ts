/**
 * The composer's canned-response picker, without React: where the `!query` being typed is, which responses
 * match it, and the text once one is inserted.
 */

export interface CannedTrigger {
  /** Index of the `!` in the text. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
  /** What follows the `!`, up to the caret. */
  query: string;
}

/**
 * The `!word` ending at the caret, when the `!` starts the text or follows a space or line break (so "Hi!"
 * and "wow!!" open nothing). The query holds no whitespace: a space closes the picker.
 */
export function cannedTrigger(text: string, caret: number): CannedTrigger | undefined {
  const before = text.slice(0, caret);
  const m = /(^|\s)!(\S*)$/.exec(before);
  if (!m) return undefined;
  const start = caret - m[2]!.length - 1;
  return { start, end: caret, query: m[2]! };
}

/**
 * Responses matching the query in their shortcut or text, case aside: shortcuts starting with it first,
 * then shortcuts containing it, then texts containing it; each group by shortcut.
 */
export function filterCanned<T extends { shortcut: string; text: string }>(
  items: readonly T[],
  query: string,
  max = 8,
): T[] {
  const q = query.toLowerCase();
  const rank = (r: T) => {
    const s = r.shortcut.toLowerCase();
    if (s.startsWith(q)) return 0;
    if (s.includes(q)) return 1;
    if (r.text.toLowerCase().includes(q)) return 2;
    return -1;
  };
  return items
    .map((r) => ({ r, k: rank(r) }))
    .filter((x) => x.k >= 0)
    .sort((a, b) => a.k - b.k || a.r.shortcut.localeCompare(b.r.shortcut))
    .slice(0, max)
    .map((x) => x.r);
}

/** The text with the `!query` replaced by the response, and where the caret goes (after it). */
export function insertCanned(text: string, t: CannedTrigger, inserted: string): { text: string; caret: number } {
  const next = text.slice(0, t.start) + inserted + text.slice(t.end);
  return { text: next, caret: t.start + inserted.length };
}
