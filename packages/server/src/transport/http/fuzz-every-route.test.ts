import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hostileBodies,
  hostileForms,
  hostileStrings,
  MB_ASCII,
  MB_UTF8,
  replaceAt,
  sampleOf,
  send,
  shapeOf,
  UNKNOWN_ID,
  wrongTypes,
  type Sent,
} from '../../test-support/fuzz-inputs.js';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

type Persona = 'admin' | 'agent' | 'visitor' | 'anonymous';
const personas: Persona[] = ['admin', 'agent', 'visitor', 'anonymous'];

interface Operation {
  method: string;
  /** OpenAPI form: `/api/v1/conversations/{id}`. */
  path: string;
  access: 'public' | 'visitor' | string[];
  pathParams: string[];
  query: Array<{ name: string; schema: Record<string, any> }>;
  body?: Record<string, any>;
  upload: boolean;
}

/**
 * Codes that say "your input is wrong": their answers must name the input (`field`); so must every
 * 400, 413 and 415, whatever the code.
 */
const inputCodes = new Set(['request.invalid', 'request.too-large', 'request.unsupported-media-type']);
/** 429 is fine only when it is a limiter speaking. */
const limiterCodes = new Set(['rate.limited', 'auth.locked-out']);

describe('every operation of the OpenAPI document, as every kind of caller, with hostile input', () => {
  let p: TestParley;
  let ops: Operation[];
  const auth = new Map<Persona, Record<string, string>>();
  const ids = new Map<string, string>();
  const problems: string[] = [];
  let requests = 0;
  /** Parser-level classes already tried for this kind of caller. */
  const onceDone = new Set<string>();

  /** A real id for a path parameter, so that requests get past "not found" to the handler. */
  function realParam(path: string, name: string): string {
    if (name !== 'id') return ids.get(name) ?? UNKNOWN_ID;
    const resource = path.split('/{id}')[0]!;
    return ids.get(resource) ?? UNKNOWN_ID;
  }
  function hint(field: string): string {
    if (/department/i.test(field)) return ids.get('departmentId')!;
    if (/agent|user|assignee/i.test(field)) return ids.get('agentUserId')!;
    if (/priority/i.test(field)) return ids.get('priorityId')!;
    if (/sla/i.test(field)) return ids.get('slaId')!;
    return UNKNOWN_ID;
  }
  const allowed = (op: Operation, who: Persona) =>
    op.access === 'public' ||
    (op.access === 'visitor' ? who === 'visitor' : who !== 'visitor' && op.access.includes(who));
  const urlOf = (op: Operation, params: Record<string, string> = {}, query = '') =>
    op.path.replace(/\{([^}]+)\}/g, (_, n: string) => params[n] ?? realParam(op.path, n)) + (query ? `?${query}` : '');
  const sampleBody = (op: Operation) => (op.body ? sampleOf(op.body, 'body', hint) : undefined);

  /** Sends and records what is wrong with the answer (5xx, a bad error body, an unnamed input error). */
  async function check(
    who: Persona,
    op: Operation,
    url: string,
    o: { payload?: string | Buffer; contentType?: string; what: string; field?: string } = { what: '' },
  ): Promise<Sent> {
    const body = o.payload ?? (op.upload ? undefined : JSON.stringify(sampleBody(op) ?? {}));
    const hasBody = op.method !== 'GET' && op.method !== 'DELETE' && body !== undefined;
    const r = await send(p.http, op.method, url, {
      headers: auth.get(who)!,
      ...(hasBody || o.payload !== undefined ? { payload: body } : {}),
      ...(o.contentType !== undefined
        ? { contentType: o.contentType }
        : hasBody
          ? { contentType: 'application/json' }
          : {}),
    });
    requests++;
    const label = `${who} ${op.method} ${url.slice(0, 120)} [${o.what}] → ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`;
    const b = r.body as { code?: unknown; message?: unknown; field?: unknown } | undefined;
    if (r.status >= 500) problems.push(`5xx: ${label}`);
    else if (r.status === 429 && !limiterCodes.has(String(b?.code))) problems.push(`429 not from a limiter: ${label}`);
    else if (r.status >= 400 && (typeof b?.code !== 'string' || typeof b.message !== 'string'))
      problems.push(`error body without {code, message}: ${label}`);
    else if (
      r.status >= 400 &&
      (inputCodes.has(String(b?.code)) || [400, 413, 415].includes(r.status)) &&
      !(typeof b?.field === 'string' && b.field.length > 0)
    )
      problems.push(`input error without a field: ${label}`);
    else if (o.field && allowed(op, who) && (![400, 413, 415].includes(r.status) || b?.field !== o.field))
      problems.push(`expected a refusal naming ${o.field}: ${label}`);
    return r;
  }

  beforeAll(async () => {
    p = await startTestParley({ env: { WIDGET_RATE_PER_MINUTE: '10000000' }, settings: byHand });
    const admin = await p.staff(['admin']);
    const agent = await p.staff(['agent']);
    const bearer = async (api: typeof admin.api) =>
      `Bearer ${(await api.post('/api/v1/auth/tokens', { name: 'fuzz' })).body.token as string}`;
    auth.set('admin', { authorization: await bearer(admin.api) });
    auth.set('agent', { authorization: await bearer(agent.api) });
    auth.set('anonymous', {});
    const a = admin.api;
    const dept = (await a.post('/api/v1/departments', { name: 'Fuzz' })).body;
    const victimDept = (await a.post('/api/v1/departments', { name: 'Fuzz victim' })).body;
    await a.put(`/api/v1/departments/${dept.id}/agents`, { agents: [agent.userId] });
    const victim = await p.staff(['agent']);
    const v = await p.visitor();
    auth.set('visitor', { 'x-parley-visitor-token': v.token });
    const started = await v.api.post('/api/v1/widget/conversations', { text: 'hello', departmentId: dept.id });
    expect(started.status).toBe(201);
    const conversationId = started.body.conversation.id as string;
    expect((await agent.api.post(`/api/v1/conversations/${conversationId}/take`)).status).toBe(200);
    const message = (await v.api.get(`/api/v1/widget/conversations/${conversationId}/messages`)).body.items.find(
      (m: { author: { type: string } }) => m.author.type === 'visitor',
    );
    const upload = await send(p.http, 'POST', `/api/v1/widget/conversations/${conversationId}/files`, {
      headers: auth.get('visitor')!,
      contentType: 'multipart/form-data; boundary=b',
      payload:
        '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n',
    });
    expect(upload.status).toBe(201);
    const priority = (await a.post('/api/v1/priorities', { name: 'Fuzz', weight: 5 })).body;
    const sla = (await a.post('/api/v1/sla-policies', { name: 'Fuzz', dueMinutes: 30 })).body;
    const field = (await a.post('/api/v1/custom-fields', { id: 'fuzzField', label: 'Fuzz', scope: 'conversation' }))
      .body;
    const token = (await victim.api.post('/api/v1/auth/tokens', { name: 'victim' })).body.accessToken;
    // The agent's own, so both the admin and the agent get past "not found" to the handler.
    const canned = (await agent.api.post('/api/v1/canned-responses', { shortcut: 'fuzz', text: 'Hi {{visitor.name}}' }))
      .body;
    // An offline inbox item (without a department: every agent's), so its routes get past "not found".
    await a.patch('/api/v1/settings', { 'livechat.offline.toChannel.enabled': true });
    const offline = (
      await p.api.post('/api/v1/widget/offline-messages', { name: 'Fuzz', email: 'fuzz@example.test', message: 'Hi' })
    ).body;
    for (const [k, id] of Object.entries({
      '/api/v1/conversations': conversationId,
      '/api/v1/widget/conversations': conversationId,
      messageId: message.id,
      fileId: upload.body.attachment?.id ?? upload.body.file?.id ?? message.id,
      '/api/v1/departments': victimDept.id,
      '/api/v1/users': victim.userId,
      '/api/v1/agents': victim.userId,
      '/api/v1/visitors': v.visitorId,
      '/api/v1/priorities': priority.id,
      '/api/v1/sla-policies': sla.id,
      '/api/v1/custom-fields': field.id,
      '/api/v1/auth/tokens': token.id,
      '/api/v1/canned-responses': canned.id,
      '/api/v1/offline-inbox': offline.id,
      // A job's id is a number (jobs.id); none need exist for the refusals of bad input to be checked.
      '/api/v1/email/jobs': '1',
      departmentId: dept.id,
      agentUserId: agent.userId,
      priorityId: priority.id,
      slaId: sla.id,
    })) {
      expect(id, k).toBeTypeOf('string');
      ids.set(k, id as string);
    }

    const doc = (await a.get('/api/openapi.json')).body as { paths: Record<string, Record<string, any>> };
    ops = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const params = (op.parameters ?? []) as Array<{ name: string; in: string; schema: Record<string, any> }>;
        const content = op.requestBody?.content ?? {};
        ops.push({
          method: method.toUpperCase(),
          path,
          access: op['x-parley-access'],
          pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
          query: params.filter((x) => x.in === 'query').map((x) => ({ name: x.name, schema: x.schema })),
          upload: 'multipart/form-data' in content,
          ...(content['application/json'] ? { body: content['application/json'].schema } : {}),
        });
      }
    }
    // What changes the fixtures most (closing, deleting, signing out) runs last.
    const rank = (op: Operation) =>
      [/./, /take|hold|resume|transfer|password/, /close|archive/, /^DELETE/, /sign-out/].findLastIndex((r) =>
        r.test(op.method === 'DELETE' ? `DELETE ${op.path}` : op.path),
      ) + (op.method === 'GET' ? 0 : 1);
    ops.sort((x, y) => rank(x) - rank(y));
  });
  afterAll(() => p?.stop());

  it('covers every route the server has', () => {
    expect(ops.length).toBe(p.routes.length);
    expect(ops.length).toBeGreaterThan(50);
  });

  it(
    'never answers 5xx, always {code, message}, and names the input it refuses (fixed classes)',
    // About 6 000 requests: ~20 s on an idle machine, more on a busy one; no assertion is on time.
    { timeout: 180_000 },
    async () => {
      for (const op of ops) {
        // Every class in full as one caller (the first allowed of admin, visitor, anonymous); a lighter
        // set as the other callers allowed (the agent on staff routes, signed-in callers on public ones).
        const full = (['admin', 'visitor', 'anonymous'] as const).find((w) => allowed(op, w));
        for (const who of personas) {
          if (!allowed(op, who)) {
            // Who may not call it is turned away before any input is looked at.
            await check(who, op, urlOf(op, {}, 'x=%00'), { what: 'not allowed, NUL in the query' });
            continue;
          }
          const light = who !== full;
          await pathClasses(who, op, light);
          await queryClasses(who, op, light);
          if (op.upload) await formClasses(who, op, light);
          else if (op.method !== 'GET' && op.method !== 'DELETE') await bodyClasses(who, op, light);
        }
      }
      expect(problems.slice(0, 40)).toEqual([]);
      expect(requests).toBeGreaterThan(3000);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  async function pathClasses(who: Persona, op: Operation, light: boolean) {
    for (const name of op.pathParams) {
      const values: Array<{ raw: string; what: string; field?: string }> = [
        { raw: 'ab%00cd', what: 'NUL', field: `params.${name}` },
        { raw: '%ED%A0%80', what: 'a surrogate as UTF-8 bytes', field: 'params' },
        { raw: '%C0%80', what: 'overlong NUL', field: 'params' },
        { raw: 'not-a-uuid', what: 'not a uuid' },
        { raw: "1'%20OR%20'1'%3D'1", what: 'sql' },
        { raw: '%3Cscript%3Ealert(1)%3C%2Fscript%3E', what: 'html' },
        { raw: UNKNOWN_ID, what: 'unknown uuid' },
        { raw: UNKNOWN_ID.toUpperCase(), what: 'upper-case unknown uuid' },
        { raw: 'a'.repeat(300), what: 'over-long', field: 'params' },
        { raw: '..%2F..%2Fetc%2Fpasswd', what: 'path traversal' },
        { raw: '%25', what: 'a percent sign' },
      ];
      for (const v of light ? values.filter((x) => x.field) : values) {
        await check(who, op, urlOf(op, { [name]: v.raw }), {
          what: `params.${name} ${v.what}`,
          ...(v.field ? { field: v.field } : {}),
        });
      }
    }
  }

  async function queryClasses(who: Persona, op: Operation, light: boolean) {
    const names = op.query.map((q) => q.name);
    const extra: Array<{ qs: string; what: string; field?: string }> = [
      { qs: 'x=%00', what: 'NUL in an unknown parameter', field: 'query.x' },
      { qs: '%00=1', what: 'NUL in a parameter name', field: 'query' },
      { qs: '__proto__=x', what: '__proto__', field: 'query' },
      { qs: 'constructor=x&hasOwnProperty=1', what: 'constructor' },
      { qs: 'a[b]=1&a[c]=2', what: 'bracket syntax' },
    ];
    for (const e of extra)
      await check(who, op, urlOf(op, {}, e.qs), { what: e.what, ...(e.field ? { field: e.field } : {}) });
    for (const name of names) {
      const values: Array<{ raw: string; what: string; field?: string }> = [
        { raw: 'a%00', what: 'NUL', field: `query.${name}` },
        { raw: '%ED%A0%80', what: 'a surrogate as UTF-8 bytes' },
        { raw: '%E0%A4%A', what: 'a cut escape' },
        { raw: encodeURIComponent("' OR '1'='1' --"), what: 'sql' },
        { raw: encodeURIComponent('%_\\'), what: 'like wildcards' },
        { raw: encodeURIComponent('<b>x</b>'), what: 'html' },
        { raw: '-1', what: 'negative' },
        { raw: '1e999', what: 'infinite' },
        { raw: 'NaN', what: 'NaN' },
        { raw: '', what: 'empty' },
        { raw: `a&${name}=b`, what: 'repeated' },
        { raw: 'not-a-uuid', what: 'not a uuid' },
        { raw: UNKNOWN_ID, what: 'unknown uuid' },
        { raw: '2026-13-45T99:99:99Z', what: 'impossible date' },
      ];
      for (const v of light ? values.filter((x) => x.field) : values) {
        await check(who, op, urlOf(op, {}, `${name}=${v.raw}`), {
          what: `query.${name} ${v.what}`,
          ...(v.field ? { field: v.field } : {}),
        });
      }
    }
    if (names[0] && !light)
      await check(who, op, urlOf(op, {}, `${names[0]}=${'x'.repeat(1_000_000)}`), { what: '1 MB query' });
  }

  async function bodyClasses(who: Persona, op: Operation, light: boolean) {
    const sample = sampleBody(op) ?? {};
    const url = urlOf(op);
    await check(who, op, url, { what: 'the sample body' });
    const accessKind = typeof op.access === 'string' ? op.access : 'staff';
    for (const b of hostileBodies(sample).filter((x) => !light || x.light)) {
      if (b.once && onceDone.has(`${accessKind} ${b.name}`)) continue;
      onceDone.add(`${accessKind} ${b.name}`);
      await check(who, op, url, { payload: b.payload, contentType: b.contentType, what: `body: ${b.name}` });
    }
    const { leaves, objects } = shapeOf(sample);
    for (const [i, leaf] of leaves.entries()) {
      const at = ['body', ...leaf].join('.');
      const put = (value: unknown) => JSON.stringify(replaceAt(sample, leaf, value));
      for (const s of light ? hostileStrings.filter((x) => x.refused) : hostileStrings) {
        await check(who, op, url, {
          payload: put(s.value),
          what: `${at} ${s.name}`,
          ...(s.refused ? { field: at } : {}),
        });
      }
      if (light) continue;
      for (const t of wrongTypes) await check(who, op, url, { payload: put(t.value), what: `${at} ${t.name}` });
      await check(who, op, url, { payload: put(MB_ASCII), what: `${at} 1 MB` });
      if (i === 0) await check(who, op, url, { payload: put(MB_UTF8), what: `${at} 1 MB of two-byte characters` });
      const deep = put('@@DEEP@@').replace('"@@DEEP@@"', '['.repeat(10_000) + ']'.repeat(10_000));
      await check(who, op, url, { payload: deep, what: `${at} 10k nested arrays` });
    }
    for (const obj of light ? [] : objects) {
      const at = ['body', ...obj].join('.');
      const json = JSON.stringify(replaceAt(sample, obj, { '@@KEY@@': 1 }));
      for (const [key, field] of [
        ['__proto__', 'body'],
        ['constructor', undefined],
        ['a\\u0000b', at],
        ['\\ud800', at],
      ] as const) {
        await check(who, op, url, {
          payload: json.replace('"@@KEY@@":1', `"${key}":{"polluted":true}`),
          what: `${at} key ${key}`,
          ...(field ? { field } : {}),
        });
      }
    }
  }

  async function formClasses(who: Persona, op: Operation, light: boolean) {
    // Forms are read inside the handler, after its own checks: only a caller whose good form is
    // accepted gets as far as the form, so only then must a bad one be refused by name.
    let reachesForm = false;
    for (const f of hostileForms().filter((x) => !light || x.field || x.name === 'a good file')) {
      const r = await check(who, op, urlOf(op), {
        payload: f.payload,
        contentType: f.contentType,
        what: `form: ${f.name}`,
        ...(f.field && reachesForm ? { field: f.field } : {}),
      });
      if (f.name === 'a good file') reachesForm = r.status < 300;
    }
  }

  it('never answers 5xx to generated input (property-based, seeded)', async () => {
    const before = problems.length;
    const unit = fc.oneof(
      { arbitrary: fc.constantFrom('a', 'b', ' ', '1', '-'), weight: 4 },
      {
        arbitrary: fc.constantFrom('\u0000', '\ud800', '\udc00', "'", '"', '<', '>', '%', '_', '\\', ';', '$', '{'),
        weight: 2,
      },
      { arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 1 },
    );
    const text = fc.string({ unit, maxLength: 30 });
    const candidates = ops.filter((op) => !op.upload && personas.some((w) => allowed(op, w)));
    const input = fc.constantFrom(...candidates).chain((op) =>
      fc.record({
        op: fc.constant(op),
        who: fc.constantFrom(...personas.filter((w) => allowed(op, w))),
        body: op.body ? valueFor(op.body, 'body', text) : fc.constant(undefined),
        query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...op.query.map((q) => q.name), 'x'), text), text), {
          maxLength: 3,
        }),
        params: fc.array(fc.oneof(fc.constant(null), text), {
          minLength: op.pathParams.length,
          maxLength: op.pathParams.length,
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(input, async ({ op, who, body, query, params }) => {
        const pathValues: Record<string, string> = {};
        op.pathParams.forEach((n, i) => {
          const v = params[i];
          if (v !== null && v !== undefined && v !== '') pathValues[n] = looseEncode(v);
        });
        const qs = query.map(([k, v]) => `${looseEncode(k)}=${looseEncode(v)}`).join('&');
        const problemsBefore = problems.length;
        const r = await check(who, op, urlOf(op, pathValues, qs), {
          ...(op.method !== 'GET' && op.method !== 'DELETE' ? { payload: JSON.stringify(body ?? {}) } : {}),
          what: 'generated',
        });
        // (A value with a lone surrogate goes as bytes no decoder takes: the server keeps its `%00` as text.)
        const sentNul = [...query.flat(), ...params].some((x) => x?.includes('\u0000') && !/[\ud800-\udfff]/u.test(x));
        if (r.status < 300 && (unstorable(body) || sentNul)) {
          problems.push(`unstorable input accepted: ${op.method} ${op.path} ${r.status}`);
        }
        return problems.length === problemsBefore;
      }),
      { seed: 20261121, numRuns: 600, endOnFailure: true },
    );
    expect(problems.slice(before)).toEqual([]);
  });

  it('is still whole afterwards', async () => {
    const v = await p.visitor();
    const again = await v.api.post('/api/v1/widget/conversations', { text: 'still fine' });
    expect(again.status).toBe(201);
    const id = again.body.conversation.id as string;
    expect((await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items.at(-1).text).toBe('still fine');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** Does this JSON value hold a NUL or an unpaired surrogate anywhere (keys included)? */
function unstorable(value: unknown): boolean {
  // eslint-disable-next-line no-control-regex -- NUL is what is looked for
  const bad = (s: string) => /[\u0000\ud800-\udfff]/u.test(s);
  if (typeof value === 'string') return bad(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => bad(k) || unstorable(v));
}

/** Percent-encodes anything, a lone surrogate too (as the bytes a careless client would send). */
function looseEncode(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0xd800 && cp <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch);
  }
  return out;
}

/** Values for a JSON Schema: mostly of the right shape, with hostile text in every string. */
function valueFor(
  schema: Record<string, any> | undefined,
  name: string,
  text: fc.Arbitrary<string>,
): fc.Arbitrary<unknown> {
  const typed = typedValueFor(schema, name, text);
  return fc.oneof({ arbitrary: typed, weight: 6 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 });
}

function typedValueFor(
  schema: Record<string, any> | undefined,
  name: string,
  text: fc.Arbitrary<string>,
): fc.Arbitrary<unknown> {
  if (!schema) return fc.jsonValue({ maxDepth: 2 });
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Array<Record<string, any>> | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueFor(s, name, text)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Record<string, any>>;
      const shape = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valueFor(s, k, text)]));
      const known = fc.record(shape, { requiredKeys: (schema.required ?? []) as string[] });
      return Object.keys(props).length ? known : fc.dictionary(text, fc.oneof(text, fc.integer()), { maxKeys: 3 });
    }
    case 'array':
      return fc.array(valueFor(schema.items, name, text), { maxLength: 3 });
    case 'integer':
      return fc.oneof(fc.integer(), fc.constantFrom(0, 1, -1, 2 ** 53));
    case 'number':
      return fc.double();
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.oneof(text, fc.constantFrom('fuzz', UNKNOWN_ID, 'fuzz@example.test', 'https://example.test/'));
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
