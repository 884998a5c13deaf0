import type {
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookEndpointInput,
  WebhookEndpointView,
  WebhookEvent,
} from '@parley/shared';
import { t } from '../../i18n';

/**
 * The webhooks pages' pure parts (no React, no `window`, no runtime import of shared's zod schemas, which
 * would weigh on the bundle): event labels, the delivery log's filters in the URL and as the API's query,
 * the endpoint form's checks (the API's), and merging a refreshed first page into a longer list.
 */

/** Every event an endpoint may subscribe to, with its label (English: `t()` where shown), in the order of `webhookEvents`. */
export const eventLabels: Record<WebhookEvent, string> = {
  chatStart: 'Chat start',
  chatQueued: 'Chat queued',
  chatTaken: 'Chat taken',
  forward: 'Chat forwarded',
  chatClose: 'Chat closed',
  visitorMessage: 'Visitor message',
  agentMessage: 'Agent message',
  navigationHistory: 'Navigation history',
  leadCapture: 'Lead capture',
  offlineMessage: 'Offline message',
  call: 'Call started or ended',
};
export const events = Object.keys(eventLabels) as WebhookEvent[];

/** The delivery log also holds the "Send test" samples. */
export type LogEvent = WebhookEvent | 'test';
export const TEST_EVENT = 'test';

export function eventLabel(event: string): string {
  if (event === TEST_EVENT) return t('Send test');
  return Object.hasOwn(eventLabels, event) ? t(eventLabels[event as WebhookEvent]) : event;
}

export const CRM_ID = 'crm';
export type DeliveryStatus = WebhookDeliveryView['status'];
/** English: `t()` where shown. */
export const statusLabels: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};
export const statusTones = { pending: 'warning', delivered: 'success', failed: 'danger' } as const;

/** An endpoint's name in the log: the CRM one of the settings, a further one, or one deleted since. */
export function endpointName(id: string, endpoints: readonly Pick<WebhookEndpointView, 'id' | 'name'>[]): string {
  if (id === CRM_ID) return t('CRM (settings)');
  return endpoints.find((e) => e.id === id)?.name ?? t('A deleted endpoint');
}

// ── The delivery log's filters ─────────────────────────────────────────────

export interface DeliveryFilters {
  endpointId: string;
  event: string;
  status: string;
  conversationId: string;
}

/** Their keys in the page's URL. */
export const filterKeys = {
  endpointId: 'endpoint',
  event: 'event',
  status: 'status',
  conversationId: 'conversation',
} as const satisfies Record<keyof DeliveryFilters, string>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters a URL asks for; an event or status the API does not know is dropped (it would answer 400). */
export function readFilters(q: URLSearchParams): DeliveryFilters {
  const event = q.get(filterKeys.event) ?? '';
  const status = q.get(filterKeys.status) ?? '';
  return {
    endpointId: (q.get(filterKeys.endpointId) ?? '').slice(0, 40),
    event: event === TEST_EVENT || Object.hasOwn(eventLabels, event) ? event : '',
    status: Object.hasOwn(statusLabels, status) ? status : '',
    conversationId: (q.get(filterKeys.conversationId) ?? '').trim(),
  };
}

/** The URL changes for new filters (empty ones removed). */
export function filterChanges(f: Partial<DeliveryFilters>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of Object.keys(f) as Array<keyof DeliveryFilters>) out[filterKeys[k]] = f[k]?.trim() || undefined;
  return out;
}

/** What is wrong with the conversation filter before asking (the API wants a UUID), or undefined. */
export function conversationFilterProblem(text: string): string | undefined {
  const id = text.trim();
  if (!id || uuid.test(id)) return undefined;
  return t('A conversation id looks like 0190f3a2-…: 36 characters of hex digits and dashes.');
}

export const LOG_PAGE = 50;
/** The API's largest page. */
export const MAX_PAGE = 200;

/** The API's query for the filters (empty ones left out; a malformed conversation id too: it is flagged). */
export function deliveryQuery(
  f: DeliveryFilters,
  opts: { before?: string; limit?: number } = {},
): WebhookDeliveryQuery {
  const q: WebhookDeliveryQuery = { limit: Math.min(MAX_PAGE, Math.max(1, opts.limit ?? LOG_PAGE)) };
  if (f.endpointId) q.endpointId = f.endpointId;
  if (f.event) q.event = f.event as LogEvent;
  if (f.status) q.status = f.status as DeliveryStatus;
  if (f.conversationId && !conversationFilterProblem(f.conversationId)) q.conversationId = f.conversationId.trim();
  if (opts.before) q.before = opts.before;
  return q;
}

export interface LogState {
  items: WebhookDeliveryView[];
  nextCursor: string | null;
}

/** How many rows a refresh asks for: what is shown (at least a page), at most the API's largest page. */
export function refreshLimit(shown: number): number {
  return Math.min(MAX_PAGE, Math.max(LOG_PAGE, shown));
}

/**
 * A refreshed first page merged into what is shown: the refreshed rows (new ones on top, changed
 * statuses), then the older rows that were loaded beyond it with "Load more", and their cursor.
 */
export function mergeRefresh(shown: LogState, fresh: LogState, limit: number): LogState {
  if (shown.items.length <= limit || fresh.nextCursor === null) return fresh;
  const seen = new Set(fresh.items.map((d) => d.id));
  const last = fresh.items[fresh.items.length - 1];
  const at = last ? shown.items.findIndex((d) => d.id === last.id) : -1;
  const tail = (at >= 0 ? shown.items.slice(at + 1) : shown.items).filter((d) => !seen.has(d.id));
  return { items: [...fresh.items, ...tail], nextCursor: shown.nextCursor };
}

/** An attempt's error when it says more than its status (the sender records "answered 500" for a 500). */
export function otherError(status: number | null, error: string | null): boolean {
  return !!error && (status === null || error !== `answered ${status}`);
}

export const hasPending = (items: readonly Pick<WebhookDeliveryView, 'status'>[]) =>
  items.some((d) => d.status === 'pending');

/** A JSON body indented for reading; anything else as it came. Shown as text, never as HTML. */
export function prettyBody(body: string | null): string {
  if (body === null) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

// ── The endpoint form ──────────────────────────────────────────────────────

export interface EndpointDraft {
  name: string;
  url: string;
  /** Typed here: a new secret. Empty on an edit keeps the current one (unless `removeSecret`). */
  secret: string;
  removeSecret: boolean;
  enabled: boolean;
  events: WebhookEvent[];
}

export const emptyEndpoint: EndpointDraft = {
  name: '',
  url: '',
  secret: '',
  removeSecret: false,
  enabled: true,
  events: ['chatStart', 'chatClose'],
};

export function endpointDraft(e: WebhookEndpointView): EndpointDraft {
  return { name: e.name, url: e.url, secret: '', removeSecret: false, enabled: e.enabled, events: [...e.events] };
}

/** The API's checks (packages/shared/src/webhooks.ts), worded for the form; keyed like the API's fields. */
export function endpointProblems(d: EndpointDraft): Partial<Record<'name' | 'url' | 'secret' | 'events', string>> {
  const out: Partial<Record<'name' | 'url' | 'secret' | 'events', string>> = {};
  const name = d.name.trim();
  if (!name) out.name = t('Give the endpoint a name.');
  else if (name.length > 100) out.name = t('At most {max} characters.', { max: 100 });
  const url = d.url.trim();
  if (!url) out.url = t('Enter the URL to post to.');
  else if (url.length > 2000) out.url = t('At most {max} characters.', { max: 2000 });
  else if (!/^https?:\/\/[^/?#\s]+/i.test(url) || !URL.canParse(url))
    out.url = t('Must be an http:// or https:// URL.');
  else if (/^https?:\/\/[^/]*@/i.test(url)) out.url = t('Must not carry credentials: use the secret.');
  if (d.secret.length > 200) out.secret = t('At most {max} characters.', { max: 200 });
  if (d.events.length === 0) out.events = t('Subscribe to at least one event.');
  return out;
}

/** The POST body of a new endpoint. */
export function createBody(d: EndpointDraft): WebhookEndpointInput {
  return {
    name: d.name.trim(),
    url: d.url.trim(),
    secret: d.secret,
    enabled: d.enabled,
    events: events.filter((e) => d.events.includes(e)),
  };
}

/** The PATCH body of an edit: the secret only when a new one is typed or it is removed. */
export function patchBody(d: EndpointDraft): Partial<WebhookEndpointInput> {
  const { secret, ...rest } = createBody(d);
  if (d.removeSecret) return { ...rest, secret: '' };
  return secret ? { ...rest, secret } : rest;
}
