/**
 * The composer's pickers without React (canned responses on `!` or `/`, colleagues on `@`): where the
 * trigger being typed is, which items match it, and the text once one is inserted.
 */

export interface Trigger {
  /** Index of the trigger character (`!`, `/`, `@`) in the text. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
  /** The trigger character typed. */
  char: string;
  /** What follows the trigger character, up to the caret. */
  query: string;
}

/**
 * The trigger character and word ending at the caret, when the character starts the text or follows
 * whitespace (so "Hi!", "and/or" and "ann@example.com" open nothing). `word` says which characters the
 * query may hold; whitespace never (a space closes the picker).
 */
export function triggerAt(text: string, caret: number, chars: string, word = '\\S'): Trigger | undefined {
  const escaped = [...chars].map((c) => c.replace(/[\\^\]-]/g, '\\$&')).join('');
  const m = new RegExp(`(^|\\s)([${escaped}])(${word}*)$`).exec(text.slice(0, caret));
  if (!m) return undefined;
  const query = m[3]!;
  return { start: caret - query.length - 1, end: caret, char: m[2]!, query };
}

/** Canned responses open on `!word` or `/word`. */
export const cannedTrigger = (text: string, caret: number) => triggerAt(text, caret, '!/');

/** Colleagues open on `@name` (letters, digits, `.`, `_`, `-`). */
export const mentionTrigger = (text: string, caret: number) => triggerAt(text, caret, '@', '[a-zA-Z0-9._-]');

/**
 * Items matching the query (case aside), ranked by the first rule they meet (`ranks` in order); ties by
 * `key`, alphabetically; at most `max`.
 */
function rankBy<T>(
  items: readonly T[],
  query: string,
  ranks: Array<(item: T, q: string) => boolean>,
  key: (item: T) => string,
  max: number,
): T[] {
  const q = query.toLowerCase();
  return items
    .map((item) => ({ item, k: ranks.findIndex((r) => r(item, q)) }))
    .filter((x) => x.k >= 0)
    .sort((a, b) => a.k - b.k || key(a.item).localeCompare(key(b.item)))
    .slice(0, max)
    .map((x) => x.item);
}

/** Responses by shortcut prefix, then shortcut containing the query, then text containing it. */
export function filterCanned<T extends { shortcut: string; text: string }>(
  items: readonly T[],
  query: string,
  max = 8,
): T[] {
  return rankBy(
    items,
    query,
    [
      (r, q) => r.shortcut.toLowerCase().startsWith(q),
      (r, q) => r.shortcut.toLowerCase().includes(q),
      (r, q) => r.text.toLowerCase().includes(q),
    ],
    (r) => r.shortcut,
    max,
  );
}

/** Colleagues whose username or name starts with the query, then those containing it. */
export function filterMentionable<T extends { username: string; name: string }>(
  items: readonly T[],
  query: string,
  max = 8,
): T[] {
  const keys = (u: T) => [u.username.toLowerCase(), u.name.toLowerCase()];
  return rankBy(
    items,
    query,
    [(u, q) => keys(u).some((k) => k.startsWith(q)), (u, q) => keys(u).some((k) => k.includes(q))],
    (u) => u.username,
    max,
  );
}

/** The text with the trigger and its query replaced by `inserted`, and the caret after it. */
export function insertAt(text: string, t: Trigger, inserted: string): { text: string; caret: number } {
  return { text: text.slice(0, t.start) + inserted + text.slice(t.end), caret: t.start + inserted.length };
}

/** A mention: `@username ` (one space, not two when one follows already). */
export function insertMention(text: string, t: Trigger, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const next = text.slice(0, t.start) + inserted + text.slice(t.end).replace(/^ /, '');
  return { text: next, caret: t.start + inserted.length };
}
