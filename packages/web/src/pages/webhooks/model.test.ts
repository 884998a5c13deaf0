import { webhookEvents, type WebhookDeliveryView } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { withQueryChanges } from '../../lib/router/match';
import {
  conversationFilterProblem,
  createBody,
  deliveryQuery,
  emptyEndpoint,
  endpointName,
  endpointProblems,
  eventLabel,
  events,
  filterChanges,
  mergeRefresh,
  otherError,
  patchBody,
  prettyBody,
  readFilters,
  refreshLimit,
} from './model';

const q = (s: string) => new URLSearchParams(s);
const conv = '0190f3a2-1c2d-7e4f-8a9b-0c1d2e3f4a5b';

function delivery(id: string, status: WebhookDeliveryView['status'] = 'delivered'): WebhookDeliveryView {
  return {
    id,
    endpointId: 'crm',
    event: 'chatClose',
    type: 'LivechatSession',
    conversationId: null,
    status,
    attempts: 1,
    nextAttemptAt: null,
    lastStatus: 200,
    lastError: null,
    redeliveryOf: null,
    createdAt: '2026-12-07T10:00:00.000Z',
    finishedAt: null,
  };
}
const ids = (items: WebhookDeliveryView[]) => items.map((d) => d.id);

describe('event labels', () => {
  it('label every event of the API, in its order, and the test samples', () => {
    expect(events).toEqual([...webhookEvents]);
    expect(eventLabel('chatClose')).toBe('Chat closed');
    expect(eventLabel('chatStart')).toBe('Chat start');
    expect(eventLabel('test')).toBe('Send test');
    expect(eventLabel('somethingNew')).toBe('somethingNew');
    expect(eventLabel('toString')).toBe('toString');
  });

  it('name endpoints: the CRM one, a further one, one deleted since', () => {
    const list = [{ id: 'e1', name: 'Billing' }];
    expect(endpointName('crm', list)).toBe('CRM (settings)');
    expect(endpointName('e1', list)).toBe('Billing');
    expect(endpointName('e2', list)).toBe('A deleted endpoint');
  });
});

describe('the delivery log’s filters', () => {
  it('are read from the URL; unknown events and statuses are dropped, not sent to be refused', () => {
    expect(readFilters(q(''))).toEqual({ endpointId: '', event: '', status: '', conversationId: '' });
    expect(readFilters(q(`endpoint=crm&event=offlineMessage&status=failed&conversation=${conv}`))).toEqual({
      endpointId: 'crm',
      event: 'offlineMessage',
      status: 'failed',
      conversationId: conv,
    });
    expect(readFilters(q('event=test'))).toMatchObject({ event: 'test' });
    expect(readFilters(q('event=bogus&status=lost'))).toMatchObject({ event: '', status: '' });
    expect(readFilters(q('event=toString&status=constructor'))).toMatchObject({ event: '', status: '' });
  });

  it('go back to the URL under their keys; an emptied one leaves it', () => {
    const after = withQueryChanges('endpoint=crm&event=chatClose&delivery=d1', {
      ...filterChanges({ event: '', status: 'pending', conversationId: `  ${conv} ` }),
    });
    expect(q(after).get('endpoint')).toBe('crm');
    expect(q(after).has('event')).toBe(false);
    expect(q(after).get('status')).toBe('pending');
    expect(q(after).get('conversation')).toBe(conv);
    expect(q(after).get('delivery')).toBe('d1');
  });

  it('become the API query: empty ones left out, the cursor and a bounded limit', () => {
    const none = readFilters(q(''));
    expect(deliveryQuery(none)).toEqual({ limit: 50 });
    expect(
      deliveryQuery(
        { endpointId: 'crm', event: 'chatClose', status: 'failed', conversationId: conv },
        { before: 'd9', limit: 500 },
      ),
    ).toEqual({
      endpointId: 'crm',
      event: 'chatClose',
      status: 'failed',
      conversationId: conv,
      before: 'd9',
      limit: 200,
    });
    expect(deliveryQuery(none, { limit: 0 }).limit).toBe(1);
  });

  it('a malformed conversation id is flagged and not sent', () => {
    expect(conversationFilterProblem('')).toBeUndefined();
    expect(conversationFilterProblem(conv.toUpperCase())).toBeUndefined();
    expect(conversationFilterProblem('abc')).toMatch(/conversation id/);
    expect(deliveryQuery({ endpointId: '', event: '', status: '', conversationId: 'abc' })).toEqual({ limit: 50 });
  });
});

describe('refreshing the log', () => {
  it('asks for what is shown, at least a page, at most 200', () => {
    expect(refreshLimit(3)).toBe(50);
    expect(refreshLimit(120)).toBe(120);
    expect(refreshLimit(400)).toBe(200);
  });

  it('takes the fresh page when it covers what is shown', () => {
    const shown = { items: [delivery('b', 'pending'), delivery('a')], nextCursor: null };
    const fresh = { items: [delivery('c'), delivery('b'), delivery('a')], nextCursor: null };
    expect(mergeRefresh(shown, fresh, 50)).toEqual(fresh);
  });

  it('keeps the rows loaded beyond the fresh page, and their cursor', () => {
    const shown = { items: ['e', 'd', 'c', 'b', 'a'].map((x) => delivery(x)), nextCursor: 'a' };
    const fresh = { items: [delivery('f'), delivery('e', 'pending'), delivery('d')], nextCursor: 'd' };
    const merged = mergeRefresh(shown, fresh, 3);
    expect(ids(merged.items)).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
    expect(merged.items[1]!.status).toBe('pending');
    expect(merged.nextCursor).toBe('a');
  });

  it('a fresh page whose last row was pruned meanwhile still shows each row once', () => {
    const shown = { items: ['d', 'c', 'b', 'a'].map((x) => delivery(x)), nextCursor: 'a' };
    const fresh = { items: [delivery('e'), delivery('d')], nextCursor: 'x' };
    expect(ids(mergeRefresh(shown, fresh, 2).items)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});

describe('answers', () => {
  it('an error that only repeats the status is not shown twice', () => {
    expect(otherError(500, 'answered 500')).toBe(false);
    expect(otherError(500, 'the endpoint was disabled')).toBe(true);
    expect(otherError(null, 'connect ECONNREFUSED 127.0.0.1:9')).toBe(true);
    expect(otherError(200, null)).toBe(false);
  });
});

describe('bodies', () => {
  it('JSON is indented; anything else stays as it came', () => {
    expect(prettyBody('{"type":"LivechatSession","visitor":{"name":"<b>x</b>"}}')).toBe(
      '{\n  "type": "LivechatSession",\n  "visitor": {\n    "name": "<b>x</b>"\n  }\n}',
    );
    expect(prettyBody('not json <script>')).toBe('not json <script>');
    expect(prettyBody(null)).toBe('');
  });
});

describe('the endpoint form', () => {
  const ok = { ...emptyEndpoint, name: ' Billing ', url: 'https://crm.example.com/hook' };

  it('checks like the API: a name, an http(s) URL without credentials, a short secret, an event', () => {
    expect(endpointProblems(ok)).toEqual({});
    expect(endpointProblems({ ...ok, name: '   ' }).name).toBeTruthy();
    expect(endpointProblems({ ...ok, name: 'x'.repeat(101) }).name).toBeTruthy();
    expect(endpointProblems({ ...ok, url: '' }).url).toBeTruthy();
    expect(endpointProblems({ ...ok, url: 'ftp://crm.example.com' }).url).toMatch(/http/);
    expect(endpointProblems({ ...ok, url: 'crm.example.com/hook' }).url).toMatch(/http/);
    expect(endpointProblems({ ...ok, url: 'https://user:pw@crm.example.com' }).url).toMatch(/credentials/);
    expect(endpointProblems({ ...ok, url: `https://a.example/${'x'.repeat(2000)}` }).url).toBeTruthy();
    expect(endpointProblems({ ...ok, url: 'http://127.0.0.1:8080/x' })).toEqual({});
    expect(endpointProblems({ ...ok, secret: 's'.repeat(201) }).secret).toBeTruthy();
    expect(endpointProblems({ ...ok, events: [] }).events).toBeTruthy();
  });

  it('sends trimmed values and the events in the API’s order', () => {
    expect(createBody({ ...ok, secret: 's3', events: ['offlineMessage', 'chatStart'] })).toEqual({
      name: 'Billing',
      url: 'https://crm.example.com/hook',
      secret: 's3',
      enabled: true,
      events: ['chatStart', 'offlineMessage'],
    });
  });

  it('an edit keeps the secret unless a new one is typed or it is removed', () => {
    expect(patchBody(ok)).not.toHaveProperty('secret');
    expect(patchBody({ ...ok, secret: 'new' }).secret).toBe('new');
    expect(patchBody({ ...ok, secret: 'ignored', removeSecret: true }).secret).toBe('');
  });
});
