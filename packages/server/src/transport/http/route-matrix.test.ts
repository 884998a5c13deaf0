import { staffRoles } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

/** Fills `:param`s with syntactically valid values so the request reaches the access check. */
function concretePath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '01890000-0000-7000-8000-000000000000');
}

describe('every route declares who may call it', () => {
  let p: TestParley;
  const asRole = new Map<string, Awaited<ReturnType<TestParley['staff']>>['api']>();
  beforeAll(async () => {
    p = await startTestParley();
    for (const role of staffRoles) asRole.set(role, (await p.staff([role])).api);
  });
  afterAll(() => p.stop());

  it('answers 401 without credentials and 403 for a role not allowed', async () => {
    let checked = 0;
    for (const r of p.routes) {
      const url = concretePath(r.path);
      if ('public' in r.access) continue;
      const anon = await p.api.request(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      const expected = 'visitor' in r.access ? 'visitor.unauthenticated' : 'auth.unauthenticated';
      expect(anon.status, `${r.method} ${r.path} without credentials`).toBe(401);
      expect(anon.body.code).toBe(expected);
      if ('roles' in r.access) {
        const roles = r.access.roles;
        for (const role of staffRoles.filter((x) => !roles.includes(x))) {
          const res = await asRole
            .get(role)!
            .request(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
          expect(res.status, `${r.method} ${r.path} as ${role}`).toBe(403);
          expect(res.body.code).toBe('auth.forbidden');
        }
        // A staff user is not a visitor: staff credentials never open visitor routes and vice versa.
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('lists every route in the OpenAPI document with its access rule', async () => {
    const doc = (await p.api.get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.0.3');
    for (const r of p.routes) {
      const op = doc.paths[r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op['x-parley-access']).toBeDefined();
    }
    const docs = await p.api.get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger');
  });
});
