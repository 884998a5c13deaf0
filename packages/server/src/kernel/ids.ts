import { createHash, randomBytes, randomFillSync } from 'node:crypto';

/**
 * UUIDv7 made in the application (PostgreSQL 15 has no uuidv7()): time-ordered, so primary-key inserts
 * stay at the right edge of the index.
 */
// Random bytes come from a pool refilled 4 KiB at a time: one system call per 256 ids, not per id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function random16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const b = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return b;
}

export function uuidv7(now = Date.now()): string {
  const b = random16();
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random secret for URLs and headers: 32 bytes, base64url. */
export function secretToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets with 256 bits of entropy need no slow hash; SHA-256 keeps them useless if the table leaks. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
