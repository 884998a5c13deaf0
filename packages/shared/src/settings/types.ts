import { z } from 'zod';

export const settingTypes = [
  'bool',
  'int',
  'string',
  'text',
  'color',
  'enum',
  'list',
  'regex',
  'url',
  'email',
  'secret',
] as const;
export type SettingType = (typeof settingTypes)[number];

/** Groups, in the order and with the names of the admin guide. */
export const settingGroups = [
  'General',
  'Livechat',
  'Business Hours',
  'CRM Integration',
  'Canned Responses',
  'GDPR',
  'Queue Management',
  'Routing',
  'Sessions',
  'Video and Audio Call',
  'Email',
] as const;
export type SettingGroup = (typeof settingGroups)[number];

export interface SettingDefinition<V = unknown> {
  type: SettingType;
  default: V;
  group: SettingGroup;
  label: string;
  description: string;
  public: boolean;
  /** Validates AND normalises an input value (e.g. "a, b" → ["a","b"] for lists). */
  schema: z.ZodType<V>;
  /** enum: the allowed values; list of enum: the allowed items. */
  values?: readonly string[];
  min?: number;
  max?: number;
  unit?: string;
}

type Meta = { group: SettingGroup; label: string; description: string; public?: boolean; unit?: string };

function def<V>(
  type: SettingType,
  schema: z.ZodType<V>,
  dflt: V,
  meta: Meta,
  extra: Partial<SettingDefinition<V>> = {},
) {
  return { type, schema, default: dflt, public: meta.public ?? false, ...meta, ...extra } as SettingDefinition<V>;
}

const colorRe = /^#[0-9a-fA-F]{6}$/;

export const bool = (d: boolean, m: Meta) => def('bool', z.boolean(), d, m);
export const int = (d: number, m: Meta, range: { min?: number; max?: number } = {}) => {
  let s = z.number().int();
  if (range.min !== undefined) s = s.min(range.min);
  if (range.max !== undefined) s = s.max(range.max);
  return def('int', s, d, m, range);
};
export const str = (d: string, m: Meta, max = 1000) => def('string', z.string().max(max), d, m);
export const text = (d: string, m: Meta, max = 10000) => def('text', z.string().max(max), d, m);
export const color = (d: string, m: Meta) =>
  def('color', z.string().regex(colorRe, 'must be a color like #C1272D'), d, m);
export const enumOf = <const T extends readonly [string, ...string[]]>(values: T, d: T[number], m: Meta) =>
  def('enum', z.enum(values), d, m, { values });

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

/** Empty string means "not set". */
export const url = (d: string, m: Meta) => def('url', z.union([z.literal(''), httpUrl]), d, m);
export const email = (d: string, m: Meta) => def('email', z.union([z.literal(''), z.email().max(320)]), d, m);
export const secret = (m: Meta) => def('secret', z.string().max(1000), '', m);

/**
 * What the server's regex engine says of a pattern: a message when it refuses it, else undefined. The
 * server runs admin regexes with RE2 (linear time, so no pattern can freeze it), which refuses some
 * patterns JavaScript accepts (backreferences, lookahead, lookbehind); it registers its check here at
 * start. The web app never runs these patterns and has no check: it sees the server's 400.
 */
export type RegexEngineCheck = (pattern: string) => string | undefined;
let regexEngineCheck: RegexEngineCheck | undefined;
export function setRegexEngineCheck(check: RegexEngineCheck): void {
  regexEngineCheck = check;
}

const regexMaxChars = 2000;
/** A JavaScript regular expression that the server's engine also accepts; empty means "none". */
export const regex = (d: string, m: Meta) =>
  def(
    'regex',
    z
      .string()
      .max(regexMaxChars)
      .superRefine((v, ctx) => {
        if (v.length > regexMaxChars) return; // refused by max already (zod runs this anyway): not compiled
        try {
          new RegExp(v);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a valid regular expression' });
          return;
        }
        const refused = v === '' ? undefined : regexEngineCheck?.(v);
        if (refused) ctx.addIssue({ code: 'custom', message: refused });
      }),
    d,
    m,
  );

/** A list accepts an array or a comma-separated string, and is always an array afterwards. */
function listOf<T extends z.ZodType<string>>(item: T) {
  const splitCsv = (v: unknown) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : v;
  return z.preprocess(splitCsv, z.array(item).max(100)) as unknown as z.ZodType<z.infer<T>[]>;
}
export const list = (d: string[], m: Meta) => def('list', listOf(z.string().min(1).max(255)), d, m);
export const listOfEnum = <const T extends readonly [string, ...string[]]>(values: T, d: T[number][], m: Meta) =>
  def('list', listOf(z.enum(values)), d, m, { values });
export const listOfHttpsUrls = (d: string[], m: Meta) =>
  def('list', listOf(httpUrl.refine((v) => v.startsWith('https://'), 'must be an https URL')), d, m);
