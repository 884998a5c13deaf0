import { z } from 'zod';

/**
 * The only reader of process.env. Every variable is validated at boot; a bad value stops the server with
 * a message naming the variable (see `loadConfig`).
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  /** Where the embedded database, uploads and the lock file live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://… switches from the embedded database to PostgreSQL 15+. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Prefix of the Redis channels: processes sharing a prefix (and a database) form one cluster. */
  REDIS_CHANNEL_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9:_-]{1,100}$/)
    .default('parley'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** redis://… fans events out across several Parley processes. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** The address users open; used in printed and emailed links. Defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_ADMIN_EMAIL: z.email().optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(1).optional(),
  /** smtp://user:pass@host:port or smtps://…; wins over the console's Email settings (without either, no email). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /** The From of every mail (wins over the console's sender). */
  SMTP_FROM: z.string().min(3).optional(),
  UPLOAD_DIR: z.string().min(1).optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Widget API requests per minute per visitor (20× that per IP address). */
  WIDGET_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(600),
  /**
   * Let webhooks and external routing call URLs on loopback, private or link-local addresses (refused by
   * default: a user-given URL must not reach the inside of the network Parley runs in).
   */
  OUTBOUND_ALLOW_PRIVATE: boolish.default(false),
  /**
   * For the reports benchmark only (bench/scenarios/reports.js): false leaves the reports' rollups
   * unwritten, to measure what they cost; reports are then wrong until `npm run reports:rebuild`.
   */
  REPORTS_ROLLUPS: boolish.default(true),
  /** Behind a reverse proxy: trust X-Forwarded-For for client addresses. */
  TRUST_PROXY: boolish.default(false),
  /** Serve the built web app and widget from these folders (defaults: the packages' dist folders). */
  WEB_DIST: z.string().optional(),
  WIDGET_DIST: z.string().optional(),
});

export type Config = z.infer<typeof envSchema> & { publicUrl: string; uploadDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" (a common way to blank a variable in shells and compose files).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if ((c.PARLEY_ADMIN_EMAIL === undefined) !== (c.PARLEY_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD must be set together',
    );
  }
  const hostForUrl = c.HOST === '0.0.0.0' || c.HOST === '::' ? 'localhost' : c.HOST;
  return {
    ...c,
    publicUrl: (c.PUBLIC_URL ?? `http://${hostForUrl}:${c.PORT}`).replace(/\/$/, ''),
    uploadDir: c.UPLOAD_DIR ?? `${c.DATA_DIR}/uploads`,
  };
}
