/**
 * Test helpers for transport/http/fuzz-every-route.test.ts: requests with any bytes and content type, valid samples
 * built from an operation's JSON Schema (so a mutation reaches the handler, not just the validator), and
 * the classes of hostile input.
 */
import type { FastifyInstance } from 'fastify';

export const UNKNOWN_ID = '01890000-0000-7000-8000-000000000000';

export interface Sent {
  status: number;
  body: any;
  label: string;
}

let ip = 0;

/** One request through `inject`, from a new client address each time (per-IP limits stay out of the way). */
export async function send(
  app: FastifyInstance,
  method: string,
  url: string,
  o: { headers?: Record<string, string>; payload?: string | Buffer; contentType?: string; label?: string } = {},
): Promise<Sent> {
  ip++;
  const res = await app.inject({
    method: method as 'GET',
    url,
    remoteAddress: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`,
    headers: { ...o.headers, ...(o.contentType ? { 'content-type': o.contentType } : {}) },
    ...(o.payload !== undefined ? { payload: o.payload } : {}),
  });
  let body: unknown = res.body;
  if (String(res.headers['content-type'] ?? '').includes('application/json') && res.body.length > 0) {
    try {
      body = res.json();
    } catch {
      body = res.body;
    }
  }
  const label = o.label ?? `${method} ${url.slice(0, 160)}`;
  return { status: res.statusCode, body, label };
}

type Schema = Record<string, any>;

/** A value `schema` accepts; `hint` picks real ids for fields such as `departmentId`. */
export function sampleOf(schema: Schema | undefined, name: string, hint: (name: string) => string): unknown {
  if (!schema || typeof schema !== 'object') return 'x';
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema && schema.default !== undefined) return schema.default;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    const notNull = alternatives.find((s: Schema) => s.type !== 'null') ?? alternatives[0];
    return sampleOf(notNull, name, hint);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return sampleOf(schema.allOf[0], name, hint);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props: Record<string, Schema> = schema.properties ?? {};
      for (const [k, s] of Object.entries(props)) out[k] = sampleOf(s, k, hint);
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: n }, () => sampleOf(schema.items, name, hint));
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      const max = schema.maximum ?? min + 10;
      return Math.min(Math.max(min, 1), max);
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string':
      return sampleString(schema, name, hint);
    default:
      return 'x';
  }
}

function sampleString(schema: Schema, name: string, hint: (name: string) => string): string {
  switch (schema.format) {
    case 'uuid':
      return hint(name);
    case 'email':
      return `fuzz-${name.toLowerCase()}@example.com`;
    case 'uri':
    case 'url':
      return 'https://example.com/page';
    case 'date-time':
      return '2026-01-01T00:00:00.000Z';
    case 'date':
      return '2026-01-01';
    case 'time':
      return '09:00:00';
  }
  if (/email/i.test(name)) return 'fuzz@example.com';
  if (/url/i.test(name)) return 'https://example.com/page';
  if (/password/i.test(name)) return 'correct horse battery staple';
  const min = schema.minLength ?? 1;
  const candidates = ['fuzz', 'a', 'abc', 'Fuzz1', '#336699', '09:00', '1', 'a-b_c', 'UTC', 'x'.repeat(min)];
  const fits = (s: string) =>
    s.length >= min &&
    s.length <= (schema.maxLength ?? Infinity) &&
    (!schema.pattern || new RegExp(schema.pattern, 'u').test(s));
  return candidates.find(fits) ?? 'x'.repeat(min);
}

/** Dotted paths of every leaf (and every object, as `objects`) of a sample. */
export function shapeOf(value: unknown, at: string[] = []): { leaves: string[][]; objects: string[][] } {
  const out = { leaves: [] as string[][], objects: [] as string[][] };
  if (value !== null && typeof value === 'object') {
    if (!Array.isArray(value)) out.objects.push(at);
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.leaves.push(at);
    for (const [k, v] of entries) {
      const sub = shapeOf(v, [...at, k]);
      out.leaves.push(...sub.leaves);
      out.objects.push(...sub.objects);
    }
  } else {
    out.leaves.push(at);
  }
  return out;
}

/** `value` with the thing at `path` replaced (the root when `path` is empty). */
export function replaceAt(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]!] = replaceAt(copy[path[0]!], path.slice(1), replacement);
  return copy;
}

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** Strings that break careless code: NUL, unpaired surrogates, markup, SQL, path tricks, format characters. */
export const hostileStrings: Array<{ name: string; value: string; refused: boolean }> = [
  { name: 'NUL', value: 'a\u0000b', refused: true },
  { name: 'high surrogate', value: 'a\ud800b', refused: true },
  { name: 'low surrogate', value: '\udfff', refused: true },
  { name: 'html', value: '<img src=x onerror=alert(1)><script>alert(1)</script>', refused: false },
  { name: 'sql', value: '\'; DROP TABLE conversations; -- " ) OR 1=1 --', refused: false },
  { name: 'like wildcards', value: '%_\\%', refused: false },
  { name: 'emoji and rtl', value: '😀\u202e\ufeff\u200b', refused: false },
];

/** Values of the wrong type for any field. */
export const wrongTypes: Array<{ name: string; value: unknown }> = [
  { name: 'number', value: 12345 },
  { name: 'negative', value: -1 },
  { name: 'boolean', value: true },
  { name: 'null', value: null },
  { name: 'array', value: ['a', 1] },
  { name: 'object', value: { a: 'b' } },
];

export const MB_ASCII = 'x'.repeat(1_000_000);
/** One million bytes in UTF-8, half a million characters. */
export const MB_UTF8 = 'é'.repeat(500_000);

/** Whole bodies that are not what a JSON route takes (raw text, with their content type). */
export function hostileBodies(
  sample: unknown,
): Array<{ name: string; payload: string | Buffer; contentType: string; light?: boolean; once?: boolean }> {
  const json = JSON.stringify(sample ?? {});
  const obj = json.startsWith('{') && json !== '{}';
  const withKey = (key: string) =>
    obj ? `{"${key}":{"polluted":true},${json.slice(1)}` : `{"${key}":{"polluted":true}}`;
  const multipart =
    '--fuzz\r\nContent-Disposition: form-data; name="text"\r\n\r\nhello\r\n' +
    '--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--fuzz--\r\n';
  return [
    { light: true, name: 'unparsable', payload: '{"a":', contentType: 'application/json' },
    { name: 'empty', payload: '', contentType: 'application/json' },
    { name: 'null', payload: 'null', contentType: 'application/json' },
    { name: 'array', payload: '[1,2]', contentType: 'application/json' },
    { name: 'string', payload: '"s"', contentType: 'application/json' },
    { name: 'number', payload: '42', contentType: 'application/json' },
    { light: true, name: '10k nested arrays', payload: deepArray(10_000), contentType: 'application/json' },
    // The JSON parser's own limits, the same for every route: tried on a few.
    { once: true, name: '400k nested arrays', payload: deepArray(400_000), contentType: 'application/json' },
    {
      once: true,
      name: '10k nested objects',
      payload: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
      contentType: 'application/json',
    },
    { light: true, name: '__proto__ key', payload: withKey('__proto__'), contentType: 'application/json' },
    {
      name: 'constructor.prototype key',
      payload: obj
        ? `{"constructor":{"prototype":{"polluted":true}},${json.slice(1)}`
        : '{"constructor":{"prototype":{}}}',
      contentType: 'application/json',
    },
    { name: 'constructor key', payload: withKey('constructor'), contentType: 'application/json' },
    {
      name: 'escaped NUL key',
      payload: obj ? `{"a\\u0000":1,${json.slice(1)}` : '{"a\\u0000":1}',
      contentType: 'application/json',
    },
    {
      name: 'invalid UTF-8',
      payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
      contentType: 'application/json',
    },
    {
      name: 'raw NUL byte',
      payload: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0]), Buffer.from('"}')]),
      contentType: 'application/json',
    },
    { light: true, name: 'text/plain', payload: json, contentType: 'text/plain' },
    { name: 'form-urlencoded', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
    { name: 'xml', payload: '<a>1</a>', contentType: 'application/xml' },
    {
      light: true,
      name: 'multipart on a JSON route',
      payload: multipart,
      contentType: 'multipart/form-data; boundary=fuzz',
    },
    { name: 'json with a charset', payload: json, contentType: 'application/json; charset=utf-16' },
    { name: 'json, no content type', payload: json, contentType: '' },
  ];
}

/** Multipart forms for upload routes: good, hostile and broken. */
export function hostileForms(): Array<{ name: string; payload: string | Buffer; contentType: string; field?: string }> {
  const part = (headers: string, body: string | Buffer) =>
    Buffer.concat([Buffer.from(`--fuzz\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')]);
  const end = Buffer.from('--fuzz--\r\n');
  const file = (name = 'a.txt', type = 'text/plain') =>
    part(`Content-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}`, 'hello');
  const text = (name: string, value: string) => part(`Content-Disposition: form-data; name="${name}"`, value);
  const ct = 'multipart/form-data; boundary=fuzz';
  return [
    { name: 'a good file', payload: Buffer.concat([text('text', 'caption'), file(), end]), contentType: ct },
    {
      name: 'NUL in text',
      payload: Buffer.concat([text('text', 'a\u0000b'), file(), end]),
      contentType: ct,
      field: 'body.text',
    },
    {
      name: 'NUL in clientId',
      payload: Buffer.concat([text('clientId', 'c\u0000'), file(), end]),
      contentType: ct,
      field: 'body.clientId',
    },
    {
      name: 'NUL in filename',
      payload: Buffer.concat([file('a\u0000.txt'), end]),
      contentType: ct,
      field: 'body.file.filename',
    },
    {
      name: 'NUL in a field name',
      payload: Buffer.concat([text('te\u0000xt', 'x'), file(), end]),
      contentType: ct,
      field: 'body',
    },
    {
      // The multipart parser drops such a field; nothing reaches a handler.
      name: '__proto__ field',
      payload: Buffer.concat([text('__proto__', 'x'), file(), end]),
      contentType: ct,
    },
    { name: 'invalid UTF-8 filename', payload: Buffer.concat([file('\xed\xa0\x80.txt'), end]), contentType: ct },
    { name: 'html filename', payload: Buffer.concat([file('<img src=x onerror=alert(1)>.txt'), end]), contentType: ct },
    { name: 'sql clientId', payload: Buffer.concat([text('clientId', "' OR '1'='1"), file(), end]), contentType: ct },
    { name: 'long text', payload: Buffer.concat([text('text', 'x'.repeat(200_000)), file(), end]), contentType: ct },
    { name: 'html content type', payload: Buffer.concat([file('a.html', 'text/html'), end]), contentType: ct },
    { name: 'no file', payload: Buffer.concat([text('text', 'x'), end]), contentType: ct },
    { name: 'two files', payload: Buffer.concat([file(), file(), end]), contentType: ct },
    {
      name: 'cut in the file',
      payload: Buffer.from(
        '--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nabc',
      ),
      contentType: ct,
    },
    { name: 'cut in the headers', payload: Buffer.from('--fuzz\r\nContent-Disposition: form-da'), contentType: ct },
    {
      name: 'wrong boundary',
      payload: Buffer.concat([file(), end]),
      contentType: 'multipart/form-data; boundary=other',
    },
    { name: 'no boundary', payload: Buffer.concat([file(), end]), contentType: 'multipart/form-data' },
    { name: 'JSON on an upload route', payload: '{"text":"hi"}', contentType: 'application/json', field: 'body' },
    { name: 'text/plain on an upload route', payload: 'hello', contentType: 'text/plain', field: 'body' },
    { name: 'empty', payload: '', contentType: ct },
  ];
}
