import { DomainError } from '../../kernel/errors.js';

/**
 * Text that no part of Parley can store: PostgreSQL refuses NUL in `text` and `\u0000` in `jsonb`, and
 * `jsonb` refuses a lone UTF-16 surrogate (`\ud800`). With the `u` flag a well-formed surrogate pair is one
 * code point, so this matches only NUL and unpaired surrogates.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /[\u0000\ud800-\udfff]/u;

/** Deeper input has no use here, and PostgreSQL's jsonb parser runs out of stack on it. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Walks parsed input (a JSON body, the query, path params, a WebSocket frame) and refuses, with a
 * `request.invalid` naming the field, what would otherwise fail deep inside the database as a 500:
 * NUL characters and unpaired surrogates in strings or keys, `__proto__` keys, and absurd nesting.
 * Done once here, before any route schema, so no route can forget it.
 */
export function assertStorableInput(value: unknown, at: string): void {
  walk(value, at, 0, at);
}

/** `top`: the outermost field holding `value` (named for nesting, whose full path is absurdly long). */
function walk(value: unknown, at: string, depth: number, top: string): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) throw refused(at, describe(value));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_INPUT_DEPTH) {
    throw new DomainError('request.invalid', `${top}: nested deeper than ${MAX_INPUT_DEPTH} levels`, top);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], `${at}.${i}`, depth + 1, depth === 0 ? `${at}.${i}` : top);
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw new DomainError('request.invalid', `${at}: "__proto__" is not a field name`, at);
    if (UNSTORABLE.test(key)) throw refused(at, `a field name ${describe(key)}`);
    walk((value as Record<string, unknown>)[key], `${at}.${key}`, depth + 1, depth === 0 ? `${at}.${key}` : top);
  }
}

function describe(s: string): string {
  return s.includes('\u0000') ? 'contains a NUL character' : 'contains an unpaired UTF-16 surrogate';
}

function refused(at: string, what: string): DomainError {
  return new DomainError('request.invalid', `${at}: ${what}, which text cannot hold`, at);
}
