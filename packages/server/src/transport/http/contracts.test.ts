import {
  accessTokenViewSchema,
  agentPageSchema,
  agentStateSchema,
  auditPageSchema,
  cannedRenderSchema,
  cannedResponseViewSchema,
  conversationPageSchema,
  conversationTimersSchema,
  conversationViewSchema,
  customFieldViewSchema,
  departmentViewSchema,
  messageViewSchema,
  offlineMessageViewSchema,
  pageSchema,
  priorityViewSchema,
  settingViewSchema,
  slaViewSchema,
  transferRecordSchema,
  userViewSchema,
  visitorConversationViewSchema,
  visitorDetailsSchema,
  visitorViewSchema,
  widgetConfigSchema,
  workspaceSettingKeys,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiResponse } from '../../test-support/api.js';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

/**
 * The answer is exactly the shared contract: it parses (no field missing, renamed or of another type),
 * and parsing dropped nothing (zod objects strip the keys they do not know, so an extra field shows up
 * as a difference). So the server cannot add, drop or rename a field without packages/shared changing,
 * and the web app and the widget, which type their calls with it, follow.
 */
function contract<S extends z.ZodType>(res: ApiResponse, status: number, schema: S, what: string): z.output<S> {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new Error(`${what} breaks its contract:\n${z.prettifyError(parsed.error)}`);
  expect(parsed.data, `${what} answers fields its contract does not have`).toEqual(res.body);
  return parsed.data;
}

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const ok = z.object({ ok: z.literal(true) });

describe('the HTTP API answers exactly the shapes of packages/shared', () => {
  let p: TestParley;
  beforeAll(async () => {
    // A queue max wait, so the waiting chat has a timer to show.
    p = await startTestParley({ settings: { ...byHand, 'gdpr.collectHttpHeaders': true, 'queue.maxWaitMinutes': 30 } });
  });
  afterAll(() => p.stop());

  it('through a whole flow: staff, catalogs, a chat from start to close, settings, audit, offline form, visitor', async () => {
    const admin = await p.admin();

    // Staff.
    contract(await admin.get('/api/v1/auth/me'), 200, z.object({ user: userViewSchema }), 'me');
    const user = contract(
      await admin.post('/api/v1/users', {
        email: 'nora@example.test',
        name: 'Nora New',
        password: 'a long enough secret 42',
        roles: ['agent'],
      }),
      201,
      userViewSchema,
      'a created user',
    );
    contract(await admin.get(`/api/v1/users/${user.id}`), 200, userViewSchema, 'a user');
    contract(await admin.patch(`/api/v1/users/${user.id}`, { name: 'Nora N.' }), 200, userViewSchema, 'an edited user');
    contract(await admin.get('/api/v1/users?limit=10'), 200, pageSchema(userViewSchema), 'the users');
    contract(
      await admin.post('/api/v1/auth/tokens', { name: 'CI', expiresInDays: 30 }),
      201,
      z.object({ token: z.string(), accessToken: accessTokenViewSchema }),
      'a created access token',
    );
    contract(await admin.get('/api/v1/auth/tokens'), 200, items(accessTokenViewSchema), 'the access tokens');

    // Catalogs.
    const sales = contract(
      await admin.post('/api/v1/departments', { name: 'Sales', closingTags: ['won'] }),
      201,
      departmentViewSchema,
      'a created department',
    );
    const support = contract(
      await admin.post('/api/v1/departments', { name: 'Support' }),
      201,
      departmentViewSchema,
      'another department',
    );
    contract(await admin.get('/api/v1/departments'), 200, pageSchema(departmentViewSchema), 'the departments');
    const priority = contract(
      await admin.post('/api/v1/priorities', { name: 'Urgent', weight: 1 }),
      201,
      priorityViewSchema,
      'a created priority',
    );
    contract(await admin.get('/api/v1/priorities'), 200, pageSchema(priorityViewSchema), 'the priorities');
    contract(
      await admin.post('/api/v1/sla-policies', { name: 'Fast', dueMinutes: 15 }),
      201,
      slaViewSchema,
      'a created SLA policy',
    );
    contract(await admin.get('/api/v1/sla-policies'), 200, pageSchema(slaViewSchema), 'the SLA policies');
    contract(
      await admin.post('/api/v1/custom-fields', { id: 'order', label: 'Order', scope: 'conversation' }),
      201,
      customFieldViewSchema,
      'a created custom field',
    );
    contract(await admin.get('/api/v1/custom-fields'), 200, pageSchema(customFieldViewSchema), 'the custom fields');

    // Agents.
    const agent = await p.onlineAgent({ departmentIds: [sales.id], name: 'Alice Agent' });
    const other = await p.onlineAgent({ departmentIds: [support.id], name: 'Bob Agent' });
    contract(
      await admin.put(`/api/v1/departments/${sales.id}/agents`, { agents: [agent.userId] }),
      200,
      departmentViewSchema,
      'a department with agents',
    );
    contract(await agent.api.get('/api/v1/agents/me/status'), 200, agentStateSchema, 'my status');
    contract(
      await admin.put(`/api/v1/agents/${agent.userId}/capacity`, { maxChats: 5 }),
      200,
      agentStateSchema,
      "an agent's capacity",
    );
    contract(await admin.get('/api/v1/agents'), 200, agentPageSchema, 'the agents');

    // A visitor starts a chat.
    contract(await p.api.get('/api/v1/widget/config'), 200, widgetConfigSchema, 'the widget configuration');
    const registered = contract(
      await p.api.post(
        '/api/v1/widget/visitors',
        { name: 'Vera Visitor', email: 'vera@example.test', departmentId: sales.id, consent: true },
        { 'user-agent': 'contract-test', 'x-parley-page-url': 'https://shop.example/cart' },
      ),
      201,
      z.object({ token: z.string(), visitor: visitorViewSchema }),
      'a registered visitor',
    );
    const visitor = p.api.as({ 'x-parley-visitor-token': registered.token });
    contract(await visitor.get('/api/v1/widget/visitor'), 200, visitorViewSchema, 'the visitor');
    contract(
      await visitor.patch('/api/v1/widget/visitor', { phone: '+1 555 0100' }),
      200,
      visitorViewSchema,
      'an edited visitor',
    );
    contract(
      await visitor.post('/api/v1/widget/page-views', { url: 'https://shop.example/cart', title: 'Cart' }),
      202,
      ok,
      'a page view',
    );
    const started = contract(
      await visitor.post('/api/v1/widget/conversations', { text: 'Where is my order?', clientId: 'v1' }),
      201,
      z.object({ conversation: visitorConversationViewSchema, message: messageViewSchema }),
      'a started conversation',
    );
    const id = started.conversation.id;
    contract(
      await visitor.get('/api/v1/widget/config'),
      200,
      widgetConfigSchema,
      'the widget configuration with a token',
    );
    contract(
      await visitor.get('/api/v1/widget/conversations/active'),
      200,
      z.object({ conversation: visitorConversationViewSchema.nullable() }),
      'my active conversation',
    );

    // The agent takes it, answers, sets its room information; the history.
    contract(await agent.api.get('/api/v1/queue'), 200, items(conversationViewSchema), 'the queue');
    const waiting = contract(
      await agent.api.get(`/api/v1/conversations/${id}/timers`),
      200,
      conversationTimersSchema,
      "a waiting chat's timers",
    );
    expect(waiting.items.map((t) => t.kind)).toEqual(['queue-timeout']);
    contract(await agent.api.post(`/api/v1/conversations/${id}/take`), 200, conversationViewSchema, 'a take');
    const reply = contract(
      await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Let me check.', clientId: 'a1' }),
      201,
      messageViewSchema,
      "an agent's message",
    );
    contract(
      await agent.api.patch(`/api/v1/conversations/${id}/messages/${reply.id}`, { text: 'Let me check, Vera.' }),
      200,
      messageViewSchema,
      'an edited message',
    );
    contract(
      await agent.api.patch(`/api/v1/conversations/${id}`, {
        topic: 'Late order',
        priorityId: priority.id,
        customFields: { order: '42' },
      }),
      200,
      conversationViewSchema,
      'room information',
    );
    // A canned response, and its text filled for this chat.
    const canned = contract(
      await agent.api.post('/api/v1/canned-responses', {
        shortcut: 'hi',
        text: 'Hi {{visitor.name}}',
        tags: ['greet'],
      }),
      201,
      cannedResponseViewSchema,
      'a created canned response',
    );
    contract(
      await agent.api.put(`/api/v1/canned-responses/${canned.id}`, { shortcut: 'hi', text: 'Hello {{visitor.name}}' }),
      200,
      cannedResponseViewSchema,
      'a changed canned response',
    );
    contract(
      await agent.api.get('/api/v1/canned-responses?search=hi&limit=10'),
      200,
      pageSchema(cannedResponseViewSchema),
      'the canned responses',
    );
    contract(
      await agent.api.get(`/api/v1/canned-responses/${canned.id}`),
      200,
      cannedResponseViewSchema,
      'a canned response',
    );
    const filled = contract(
      await agent.api.get(`/api/v1/canned-responses/${canned.id}/render?conversationId=${id}`),
      200,
      cannedRenderSchema,
      'a rendered canned response',
    );
    expect(filled.text).toBe('Hello Vera Visitor');
    contract(
      await visitor.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'Order 42', clientId: 'v2' }),
      201,
      messageViewSchema,
      "the visitor's message",
    );
    await p.settle();
    contract(await agent.api.get(`/api/v1/conversations/${id}/messages`), 200, items(messageViewSchema), 'the history');
    contract(
      await visitor.get(`/api/v1/widget/conversations/${id}/messages`),
      200,
      items(messageViewSchema),
      "the visitor's history",
    );
    contract(
      await visitor.get(`/api/v1/widget/conversations/${id}`),
      200,
      visitorConversationViewSchema,
      "the visitor's conversation",
    );
    contract(
      await agent.api.post(`/api/v1/conversations/${id}/transfer`, { departmentId: support.id, comment: 'billing' }),
      200,
      conversationViewSchema,
      'a transfer',
    );
    contract(await admin.get(`/api/v1/conversations/${id}/transfers`), 200, items(transferRecordSchema), 'transfers');
    contract(await other.api.post(`/api/v1/conversations/${id}/take`), 200, conversationViewSchema, 'a second take');
    contract(
      await other.api.post(`/api/v1/conversations/${id}/close`, { comment: 'Sent', tags: ['shipping'] }),
      200,
      conversationViewSchema,
      'a close',
    );
    contract(await admin.get(`/api/v1/conversations/${id}`), 200, conversationViewSchema, 'a conversation');
    contract(await admin.get('/api/v1/conversations?status=closed'), 200, conversationPageSchema, 'the conversations');

    // Settings and audit.
    contract(await admin.get('/api/v1/settings'), 200, z.object({ settings: z.array(settingViewSchema) }), 'settings');
    contract(
      await admin.patch('/api/v1/settings', { 'livechat.title': 'Talk to us' }),
      200,
      z.object({ changed: z.array(z.string()), settings: z.array(settingViewSchema) }),
      'changed settings',
    );
    const workspace = contract(
      await agent.api.get('/api/v1/settings/workspace'),
      200,
      z.object({ settings: z.record(z.string(), z.unknown()) }),
      'workspace settings',
    );
    expect(Object.keys(workspace.settings).sort()).toEqual([...workspaceSettingKeys].sort());
    const audit = contract(await admin.get('/api/v1/audit?limit=5'), 200, auditPageSchema, 'the audit log');
    expect(audit.items.length).toBeGreaterThan(0);
    contract(await admin.get('/api/v1/audit/actions'), 200, items(z.string()), 'the audit actions');

    // The offline form, and the visitor as staff see them.
    contract(
      await visitor.post('/api/v1/widget/offline-messages', {
        name: 'Vera',
        email: 'vera@example.test',
        message: 'Call me back',
        departmentId: sales.id,
      }),
      201,
      z.object({ id: z.string() }),
      'a left offline message',
    );
    contract(await admin.get('/api/v1/offline-messages'), 200, items(offlineMessageViewSchema), 'offline messages');
    const details = contract(
      await agent.api.get(`/api/v1/visitors/${registered.visitor.id}`),
      200,
      visitorDetailsSchema,
      "a visitor's details",
    );
    expect(details.pageViews.length).toBeGreaterThan(0);
  });
});
