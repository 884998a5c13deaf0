import { RE2JS } from 're2js';

/**
 * Admin-written regular expressions (lead capture, custom-field formats) run on visitor text. A
 * backtracking `RegExp` can take minutes on a crafted input (`(a+)+$`); RE2 matches in time linear in
 * the text, so no pattern can freeze the server. Patterns keep JavaScript syntax (translated); what RE2
 * cannot run (backreferences, lookaround) or what is too costly is refused with its reason.
 */

/**
 * RE2's own measure of a pattern's cost. Matching is linear in the text, times this: at 300 the worst
 * pattern measured takes ~0.2 s on a 10,000-character text (the lead-capture defaults: 14 and 48).
 */
export const MAX_PROGRAM_SIZE = 300;
/** Longer patterns are not compiled at all (compiling itself is not free). */
const MAX_PATTERN_CHARS = 2_000;

const cache = new Map<string, RE2JS>();

export function compileLinear(pattern: string, opts: { caseInsensitive?: boolean } = {}): RE2JS {
  const key = `${opts.caseInsensitive ? 'i' : '-'}${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (pattern.length > MAX_PATTERN_CHARS) throw new Error(`too long (at most ${MAX_PATTERN_CHARS} characters)`);
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern), opts.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  if (re.programSize() > MAX_PROGRAM_SIZE)
    throw new Error(`too complex (size ${re.programSize()}, at most ${MAX_PROGRAM_SIZE})`);
  if (cache.size > 1_000) cache.clear();
  cache.set(key, re);
  return re;
}

/** Why this pattern cannot be used (a sentence for a 400), or undefined. */
export function linearRegexProblem(pattern: string): string | undefined {
  try {
    compileLinear(pattern);
    return undefined;
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    return `is not supported by the server's regex engine (RE2: no backreferences or lookaround): ${reason}`;
  }
}
