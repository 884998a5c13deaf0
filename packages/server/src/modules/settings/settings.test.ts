import { settingKeys, settingsCatalog } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, TestCluster, type TestParley } from '../../test-support/harness.js';

describe('settings registry', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('lists every catalog setting with its metadata and default', async () => {
    const admin = await p.admin();
    const res = await admin.get('/api/v1/settings');
    expect(res.status).toBe(200);
    expect(res.body.settings).toHaveLength(settingKeys.length);
    const title = res.body.settings.find((s: { key: string }) => s.key === 'livechat.title');
    expect(title).toMatchObject({
      type: 'string',
      group: 'Livechat',
      value: 'Parley',
      default: 'Parley',
      public: true,
    });
    expect(typeof title.enforced).toBe('boolean');
  });

  it('updates several settings at once and reads them back typed', async () => {
    const admin = await p.admin();
    const res = await admin.patch('/api/v1/settings', {
      'livechat.title': 'Help desk',
      'queue.maxChatsPerAgent': 4,
      'livechat.allowedDomains': 'example.com, shop.example.com',
    });
    expect(res.status).toBe(200);
    expect(res.body.changed.sort()).toEqual(['livechat.allowedDomains', 'livechat.title', 'queue.maxChatsPerAgent']);
    expect(p.settings.get('livechat.title')).toBe('Help desk');
    expect(p.settings.get('queue.maxChatsPerAgent')).toBe(4);
    expect(p.settings.get('livechat.allowedDomains')).toEqual(['example.com', 'shop.example.com']);
  });

  it('rejects the whole save when one value is invalid, naming the field', async () => {
    const admin = await p.admin();
    const before = p.settings.get('livechat.titleColor');
    const res = await admin.patch('/api/v1/settings', {
      'livechat.titleColor': '#123456',
      'routing.method': 'telepathy',
      'queue.maxChatsPerAgent': 2,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'setting.invalid', field: 'routing.method' });
    expect(p.settings.get('livechat.titleColor')).toBe(before);
    expect(p.settings.get('queue.maxChatsPerAgent')).toBe(4);
    const bad = await admin.patch('/api/v1/settings', { 'livechat.titleColor': 'red', 'crm.leadEmailRegex': '([' });
    expect(bad.body.details.problems.map((x: { field: string }) => x.field)).toEqual([
      'livechat.titleColor',
      'crm.leadEmailRegex',
    ]);
  });

  it('refuses unknown keys and wrong types', async () => {
    const admin = await p.admin();
    const unknown = await admin.patch('/api/v1/settings', { 'livechat.nope': true });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'setting.unknown', field: 'livechat.nope' });
    for (const [key, value] of [
      ['general.fileUploads', 'yes'],
      ['livechat.messageLimit.max', -5],
      ['livechat.messageLimit.max', 1.5],
      ['crm.webhookUrl', 'javascript:alert(1)'],
      ['livechat.offline.email', 'not-an-email'],
      ['livechat.hideSystemMessages', ['user-join', 'bogus']],
      ['livechat.additionalScripts', 'http://insecure.example/x.js'],
      ['livechat.title', 'x'.repeat(5000)],
    ] as const) {
      const res = await admin.patch('/api/v1/settings', { [key]: value });
      expect(res.status, `${key}=${String(value)}`).toBe(400);
      expect(res.body.field).toBe(key);
    }
    const notObject = await admin.request('PATCH', '/api/v1/settings', '[1,2]');
    expect(notObject.status).toBe(400);
  });

  it('never returns a secret from any read API, and redacts it in the audit log', async () => {
    const admin = await p.admin();
    const secret = 'super-secret-token-value-42';
    expect((await admin.patch('/api/v1/settings', { 'crm.secretToken': secret })).status).toBe(200);
    const reads = [
      await admin.get('/api/v1/settings'),
      await p.api.get('/api/v1/settings/public'),
      await admin.get('/api/v1/audit?limit=200'),
      await admin.patch('/api/v1/settings', { 'livechat.title': 'Again' }),
    ];
    for (const r of reads) expect(JSON.stringify(r.body)).not.toContain(secret);
    const view = reads[0]!.body.settings.find((s: { key: string }) => s.key === 'crm.secretToken');
    expect(view).toMatchObject({ value: null, isSet: true });
    const audit = reads[2]!.body.items.find((e: { targetId: string }) => e.targetId === 'crm.secretToken');
    expect(audit.changes).toEqual({ from: '[redacted]', to: '[redacted]' });
    expect(p.settings.get('crm.secretToken')).toBe(secret);
  });

  it('serves only public settings without sign-in', async () => {
    const res = await p.api.get('/api/v1/settings/public');
    expect(res.status).toBe(200);
    const keys = Object.keys(res.body.settings);
    expect(keys).toContain('livechat.title');
    for (const k of keys) expect(settingsCatalog[k as keyof typeof settingsCatalog].public).toBe(true);
    expect(keys).not.toContain('crm.webhookUrl');
    expect(keys).not.toContain('livechat.allowedDomains');
  });

  it('writes every change to the audit log with who, when, old and new', async () => {
    const { api, email } = await p.staff(['manager']);
    await api.patch('/api/v1/settings', { 'livechat.offline.title': 'Write to us' });
    const admin = await p.admin();
    const res = await admin.get('/api/v1/audit?action=setting.changed&targetId=livechat.offline.title');
    expect(res.body.items[0]).toMatchObject({
      actor: { label: email },
      changes: { from: 'Leave a message', to: 'Write to us' },
      targetId: 'livechat.offline.title',
    });
    expect(new Date(res.body.items[0].at).getTime()).toBe(p.clock.now().getTime());
  });

  it('emits setting.changed after commit', async () => {
    const seen: string[] = [];
    p.bus.on('setting.changed', (e) => void seen.push(e.payload.key));
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'general.continuousSound': true });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toContain('general.continuousSound');
  });
});

describe('settings persistence', () => {
  it('keeps a change across a restart', async () => {
    const cluster = new TestCluster();
    try {
      const first = await startTestParley({ cluster, persistent: true });
      const admin = await first.admin();
      expect((await admin.patch('/api/v1/settings', { 'livechat.title': 'Persisted' })).status).toBe(200);
      await first.close();
      const second = await startTestParley({ cluster, persistent: true });
      expect(second.settings.get('livechat.title')).toBe('Persisted');
      await second.close();
    } finally {
      await cluster.destroy();
    }
  });
});
