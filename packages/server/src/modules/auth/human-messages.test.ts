import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

/** Setup and sign-in answer each field's problem in words a person understands (issue 19 item 3). */
describe('validation messages speak human', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  const messages = (body: { details?: { issues?: Array<{ path: string; message: string }> } }) =>
    Object.fromEntries((body.details?.issues ?? []).map((i) => [i.path, i.message]));

  it('setup: every field says what to do, never the validator’s text', async () => {
    const token = new URL(p.setupLink!).searchParams.get('token')!;
    const empty = await p.api.post('/api/v1/setup', { token, name: '', email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({
      code: 'request.invalid',
      field: 'body.email',
      message: 'body.email: Enter a valid email address',
    });
    expect(messages(empty.body)).toEqual({
      'body.email': 'Enter a valid email address',
      'body.name': 'Enter your name',
      'body.password': 'Choose a password',
    });
    const missing = await p.api.post('/api/v1/setup', {});
    expect(messages(missing.body)).toMatchObject({
      'body.token': expect.stringContaining('setup link is incomplete'),
      'body.name': 'Enter your name',
      'body.email': 'Enter a valid email address',
      'body.password': 'Choose a password',
    });
    const spaces = await p.api.post('/api/v1/setup', { token, name: '   ', email: 'boss@example.test', password: 'x' });
    expect(spaces.body).toMatchObject({ field: 'body.name', message: 'body.name: Enter your name' });
    expect(JSON.stringify([empty.body, missing.body, spaces.body])).not.toMatch(
      /Too small|expected string|Invalid input/,
    );
  });

  it('sign-in: email and password', async () => {
    const empty = await p.api.post('/api/v1/auth/sign-in', { email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(messages(empty.body)).toEqual({
      'body.email': 'Enter a valid email address',
      'body.password': 'Enter your password',
    });
    const noPassword = await p.api.post('/api/v1/auth/sign-in', { email: 'a@example.test' });
    expect(noPassword.body).toMatchObject({ field: 'body.password', message: 'body.password: Enter your password' });
    expect(JSON.stringify([empty.body, noPassword.body])).not.toMatch(/Too small|expected string|Invalid input/);
  });

  it('user creation by an admin', async () => {
    const r = await (await p.admin()).post('/api/v1/users', { email: 'x', name: '', roles: [] });
    expect(messages(r.body)).toEqual({
      'body.email': 'Enter a valid email address',
      'body.name': "Enter the person's name",
      'body.roles': 'Choose at least one role',
    });
  });
});
