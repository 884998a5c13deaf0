import type { ErrorCode } from '@parley/shared';
import { errorCatalog } from '@parley/shared';

/** A failure the caller can act on. Transport maps `code` to an HTTP status once (see the catalog). */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message ?? errorCatalog[code].message);
    this.name = 'DomainError';
  }
}

export function fail(code: ErrorCode, message?: string, field?: string, details?: unknown): never {
  throw new DomainError(code, message, field, details);
}

/** True for a PostgreSQL unique violation (optionally of one index/constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  return constraint === undefined || e.constraint === constraint || (e.message ?? '').includes(constraint);
}
