import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MAX } from '@parley/shared';
import { fail } from '../../kernel/errors.js';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// algorithm 2 = Argon2id (the library's const enum cannot be imported under verbatimModuleSyntax).
const params = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 10;

export function checkPasswordStrength(password: string, field = 'password', email?: string): void {
  if (password.length < PASSWORD_MIN) {
    fail('auth.password-weak', `The password must have at least ${PASSWORD_MIN} characters`, field);
  }
  if (password.length > PASSWORD_MAX) fail('auth.password-weak', `The password is too long`, field);
  if (new Set(password).size < 4) fail('auth.password-weak', 'The password needs more different characters', field);
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? '\u0000')) {
    fail('auth.password-weak', 'The password must not contain your email name', field);
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so a wrong email costs the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hash('parley-decoy-password', params);
  return decoy;
}
