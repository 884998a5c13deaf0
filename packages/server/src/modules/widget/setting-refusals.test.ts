import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

/**
 * The API refusals that three settings promise (issue 19 item 1), each turned off and back on: the refusal
 * carries its own code, and nothing is half-written by the refused call.
 */
describe('settings that make the widget API refuse', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: { 'routing.acceptWithNoOnlineAgents': true } });
  });
  afterAll(() => p.stop());

  const set = async (values: Record<string, unknown>) => {
    const res = await (await p.admin()).patch('/api/v1/settings', values);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const upload = async (token: string, conversationId: string) => {
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'shot.png');
    const res = await fetch(`${await p.baseUrl()}/api/v1/widget/conversations/${conversationId}/files`, {
      method: 'POST',
      headers: { 'x-parley-visitor-token': token },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as { code?: string } };
  };

  it('general.fileUploads off: the visitor’s upload is refused with upload.disabled; on again, it is taken', async () => {
    const v = await p.visitor();
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'a file follows' })).body.conversation.id;
    await set({ 'general.fileUploads': false });
    try {
      const refused = await upload(v.token, id);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('upload.disabled');
      const items = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items;
      expect(items.filter((m: { kind: string }) => m.kind === 'file')).toHaveLength(0);
    } finally {
      await set({ 'general.fileUploads': true });
    }
    expect((await upload(v.token, id)).status).toBe(201);
  });

  it('omnichannel.enabled off: no new conversation (omnichannel.disabled) and the widget is told it is offline', async () => {
    await set({ 'omnichannel.enabled': false });
    try {
      const v = await p.visitor();
      const refused = await v.api.post('/api/v1/widget/conversations', { text: 'hello?' });
      expect(refused.body.code).toBe('omnichannel.disabled');
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect((await v.api.get('/api/v1/widget/conversations/active')).body.conversation ?? null).toBeNull();
      expect((await p.api.get('/api/v1/widget/config')).body.online).toBe(false);
    } finally {
      await set({ 'omnichannel.enabled': true });
    }
    const v = await p.visitor();
    expect((await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).status).toBe(201);
  });

  it('livechat.allowSwitchDepartments off: the switch is refused and the conversation stays where it was', async () => {
    const admin = await p.admin();
    const sales = (await admin.post('/api/v1/departments', { name: 'Sales', showOnRegistration: true })).body.id;
    const support = (await admin.post('/api/v1/departments', { name: 'Support', showOnRegistration: true })).body.id;
    const v = await p.visitor({ departmentId: sales });
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'wrong desk' })).body.conversation.id;
    const departmentOf = async () => (await admin.get(`/api/v1/conversations/${id}`)).body.departmentId as string;

    await set({ 'livechat.allowSwitchDepartments': false });
    try {
      const refused = await v.api.post(`/api/v1/widget/conversations/${id}/department`, { departmentId: support });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('conversation.department-switch-disabled');
      expect(await departmentOf()).toBe(sales);
    } finally {
      await set({ 'livechat.allowSwitchDepartments': true });
    }
    const moved = await v.api.post(`/api/v1/widget/conversations/${id}/department`, { departmentId: support });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await departmentOf()).toBe(support);
  });
});
