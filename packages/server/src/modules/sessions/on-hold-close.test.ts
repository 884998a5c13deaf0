import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

const MESSAGE = 'We closed this chat after a long pause. Write again any time.';

describe('sessions: on-hold auto-close (sessions.onHold.autoCloseSeconds)', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({
      settings: {
        ...byHand,
        'sessions.onHold.allowManual': true,
        'sessions.onHold.autoCloseSeconds': 60,
        'sessions.onHold.autoCloseMessage': MESSAGE,
      },
    });
  });
  afterAll(() => p.stop());

  async function heldChat() {
    const agent = await p.onlineAgent();
    const v = await p.visitor();
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body;
    const id = conversation.id as string;
    await agent.api.post(`/api/v1/conversations/${id}/take`);
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'let me check' });
    expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).body.status).toBe('on-hold');
    await p.settle();
    return { agent, v, id };
  }
  const later = async (seconds: number) => {
    p.fakeClock!.advance(seconds * 1000);
    await p.settle();
  };

  it('closes a chat left on hold, as a system close with the reason, and the visitor reads the message', async () => {
    const { agent, v, id } = await heldChat();
    expect(await p.sessions.onHold.dueAt(id)).toBeDefined();
    await later(59);
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('on-hold');
    await later(1);
    const closed = (await agent.api.get(`/api/v1/conversations/${id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', closedBy: { type: 'system' }, closeComment: 'on-hold-timeout' });
    const seen = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items;
    const finished = seen.filter((m: { systemType?: string }) => m.systemType === 'conversation-finished');
    expect(finished).toHaveLength(1);
    expect(finished[0].text).toBe(MESSAGE);
    expect(await p.sessions.onHold.dueAt(id)).toBeUndefined();
    await agent.ws.close();
  });

  it('is cancelled when the chat resumes (a visitor message), and re-armed from the next hold', async () => {
    const { agent, v, id } = await heldChat();
    await later(30);
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'still there?' });
    await p.settle();
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('open');
    expect(await p.sessions.onHold.dueAt(id)).toBeUndefined();
    await later(120);
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('open');
    // On hold again: the full wait counts from this hold, not from the first one.
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'one more check' });
    await agent.api.post(`/api/v1/conversations/${id}/hold`);
    await p.settle();
    await later(59);
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('on-hold');
    await later(1);
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('closed');
    await agent.ws.close();
  });

  it('is cancelled by a close, and does nothing with the feature turned off', async () => {
    const { agent, id } = await heldChat();
    await agent.api.post(`/api/v1/conversations/${id}/close`, { comment: 'done' });
    await p.settle();
    expect(await p.sessions.onHold.dueAt(id)).toBeUndefined();
    await later(61);
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body).toMatchObject({
      status: 'closed',
      closedBy: { type: 'agent' },
    });

    const second = await heldChat();
    await (await p.admin()).patch('/api/v1/settings', { 'sessions.onHold.autoCloseSeconds': 0 });
    await later(61);
    expect((await second.agent.api.get(`/api/v1/conversations/${second.id}`)).body.status).toBe('on-hold');
    await (await p.admin()).patch('/api/v1/settings', { 'sessions.onHold.autoCloseSeconds': 60 });
    await agent.ws.close();
    await second.agent.ws.close();
  });

  it('moves a pending timer to its hold time + a changed timeout, and drops it at 0', async () => {
    const { agent, id } = await heldChat();
    const heldAt = (await p.sessions.onHold.dueAt(id))!.getTime() - 60_000;
    await later(20);
    await (await p.admin()).patch('/api/v1/settings', { 'sessions.onHold.autoCloseSeconds': 30 });
    expect((await p.sessions.onHold.dueAt(id))!.getTime()).toBe(heldAt + 30_000); // from the hold, not from now
    await later(9);
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('on-hold');
    await (await p.admin()).patch('/api/v1/settings', { 'sessions.onHold.autoCloseSeconds': 0 });
    expect(await p.sessions.onHold.dueAt(id)).toBeUndefined();
    await (await p.admin()).patch('/api/v1/settings', { 'sessions.onHold.autoCloseSeconds': 60 });
    await later(120);
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('on-hold'); // its timer is gone
    await agent.ws.close();
  });

  it('never acts on a chat whose hold is not the one it was armed for', async () => {
    const { agent, id } = await heldChat();
    // A timer from an earlier hold that was not cancelled (the resume committed in the same instant):
    // the row says another hold, so it must leave the chat alone.
    await p.db.tx(() =>
      p.jobs.enqueue(
        'sessions.on-hold-close',
        { conversationId: id, onHoldAt: new Date(p.clock.now().getTime() - 5_000).toISOString() },
        { idempotencyKey: `stale:${id}` },
      ),
    );
    await p.settle();
    expect((await agent.api.get(`/api/v1/conversations/${id}`)).body.status).toBe('on-hold');
    await agent.ws.close();
  });

  it('is reported as enforced', async () => {
    const list = (await (await p.admin()).get('/api/v1/settings')).body.settings;
    for (const key of ['sessions.onHold.autoCloseSeconds', 'sessions.onHold.autoCloseMessage'])
      expect(list.find((s: { key: string }) => s.key === key)?.enforced).toBe(true);
  });
});
