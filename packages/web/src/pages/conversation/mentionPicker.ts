/**
 * The note composer's `@` picker, without React: where the `@name` being typed is, which colleagues match
 * it, and the text once one is inserted.
 */

export interface MentionTrigger {
  /** Index of the `@` in the text. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
  /** What follows the `@`, up to the caret. */
  query: string;
}

/** The `@word` ending at the caret, when the `@` starts the text or follows a space (so emails open nothing). */
export function mentionTrigger(text: string, caret: number): MentionTrigger | undefined {
  const m = /(^|\s)@([a-z0-9._-]*)$/i.exec(text.slice(0, caret));
  if (!m) return undefined;
  return { start: caret - m[2]!.length - 1, end: caret, query: m[2]! };
}

/** Colleagues whose username or name starts with the query (case aside), then those containing it. */
export function filterMentionable<T extends { username: string; name: string }>(
  items: readonly T[],
  query: string,
  max = 8,
): T[] {
  const q = query.toLowerCase();
  const rank = (u: T) => {
    const [n, full] = [u.username.toLowerCase(), u.name.toLowerCase()];
    if (n.startsWith(q) || full.startsWith(q)) return 0;
    if (n.includes(q) || full.includes(q)) return 1;
    return -1;
  };
  return items
    .map((u) => ({ u, k: rank(u) }))
    .filter((x) => x.k >= 0)
    .sort((a, b) => a.k - b.k || a.u.username.localeCompare(b.u.username))
    .slice(0, max)
    .map((x) => x.u);
}

/** The text with `@query` replaced by `@username ` and the caret after it. */
export function insertMention(text: string, t: MentionTrigger, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const next = text.slice(0, t.start) + inserted + text.slice(t.end).replace(/^ /, '');
  return { text: next, caret: t.start + inserted.length };
}
