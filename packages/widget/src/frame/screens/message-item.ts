import type { AttachmentView, MessageView } from '@parley/shared';
import { api, fetchBlobUrl } from '../api';
import { h, initials, linkify, type Child } from '../dom';
import { language, t } from '../i18n';
import { systemText } from '../system-text';
import { icon, icons } from '../ui';

/** One line of the conversation: a server message, or the visitor's message/file still on its way. */
export interface Item {
  key: string;
  m: MessageView | null;
  clientId: string | null;
  text: string;
  file?: File;
  state: 'sending' | 'sent' | 'failed';
  error?: string;
  /** False when sending it again cannot help (the server refused this file or text for good). */
  retryable?: boolean;
  el?: HTMLLIElement;
}

/** Attachments need the visitor token: they are fetched once and shown from object URLs. */
const blobs = new Map<string, Promise<string>>();
function blobUrl(a: AttachmentView): Promise<string> {
  let p = blobs.get(a.id);
  if (!p) {
    p = fetchBlobUrl(a.url);
    p.catch(() => blobs.delete(a.id));
    blobs.set(a.id, p);
  }
  return p;
}

function time(iso: string): HTMLTimeElement {
  const d = new Date(iso);
  return h(
    'time',
    { datetime: iso, title: d.toLocaleString(language()) },
    d.toLocaleTimeString(language(), { hour: '2-digit', minute: '2-digit' }),
  );
}

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${Math.round(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

function attachment(
  a: { name: string; size: number; contentType: string },
  url: () => Promise<string>,
  onLoad: () => void,
): HTMLElement {
  if (/^image\/(png|jpeg|gif|webp)$/.test(a.contentType)) {
    const img = h('img', { class: 'att-img', alt: a.name });
    img.addEventListener('load', onLoad);
    const open = h('button', { type: 'button', class: 'att-open', title: a.name }, img);
    void url()
      .then((u) => {
        img.src = u;
        open.onclick = () => window.open(u, '_blank', 'noopener');
      })
      .catch(() => img.replaceWith(h('span', { class: 'att-broken' }, a.name)));
    return open;
  }
  return h(
    'button',
    {
      type: 'button',
      class: 'att-file',
      'aria-label': t('download', { name: a.name }),
      onclick: () =>
        void url().then((u) => {
          const link = h('a', { href: u, download: a.name });
          document.body.append(link);
          link.click();
          link.remove();
        }),
    },
    icon(icons.file),
    h('span', { class: 'att-name' }, a.name),
    h('span', { class: 'att-size' }, size(a.size)),
  );
}

export function renderItem(
  item: Item,
  opts: { onRetry: (i: Item) => void; onRemove: (i: Item) => void; onLoad: () => void },
): HTMLLIElement {
  const m = item.m;
  if (m?.kind === 'system' && m.systemType === 'call') return callCard(m);
  if (m?.kind === 'system') {
    return h('li', { class: 'm sys', 'data-id': m.id }, h('span', null, systemText(m)), ' ', time(m.createdAt));
  }
  const mine = !m || m.author.type === 'visitor';
  const name = mine ? t('you') : (m.author.name ?? t('agent'));
  let body: Child[];
  if (m?.deletedAt) body = [h('em', { class: 'deleted' }, t('deleted'))];
  else {
    const text = m ? m.text : item.text;
    const file = m?.attachment
      ? attachment(m.attachment, () => blobUrl(m.attachment!), opts.onLoad)
      : item.file
        ? attachment(
            { name: item.file.name, size: item.file.size, contentType: item.file.type },
            () => Promise.resolve(URL.createObjectURL(item.file!)),
            opts.onLoad,
          )
        : null;
    body = [
      file,
      text ? h('div', { class: 'txt' }, linkify(text)) : null,
      m?.editedAt ? h('span', { class: 'edited' }, ` ${t('edited')}`) : null,
    ];
  }
  const state: Child = !mine
    ? null
    : item.state === 'failed'
      ? h(
          'div',
          { class: 'st failed', role: 'alert' },
          `${t('failed')} ${item.error ?? ''} `,
          item.retryable === false
            ? h('button', { type: 'button', class: 'link', onclick: () => opts.onRemove(item) }, t('remove'))
            : h('button', { type: 'button', class: 'link', onclick: () => opts.onRetry(item) }, t('retry')),
        )
      : h('div', { class: 'st' }, item.state === 'sending' ? (item.file ? t('uploading') : t('sending')) : t('sent'));
  return h(
    'li',
    { class: `m ${mine ? 'me' : 'them'}${item.state === 'sending' ? ' pending' : ''}`, 'data-id': m?.id },
    h(
      'div',
      { class: 'meta' },
      !mine && m.author.name ? h('span', { class: 'av sm', 'aria-hidden': 'true' }, initials(m.author.name)) : null,
      h('span', { class: 'who' }, name),
      ' ',
      time(m?.createdAt ?? new Date().toISOString()),
    ),
    h('div', { class: m?.attachment || item.file ? 'bub att' : 'bub' }, body),
    state,
  );
}

/**
 * A call the agent started (issue 17): what it is, and while it has not ended, Join call (the conference
 * opens in a new window, also on phones) and Decline. The card changes when the call does (message.updated).
 */
function callCard(m: MessageView): HTMLLIElement {
  const d = (m.data ?? {}) as { callId?: string; status?: string };
  const callId = d.callId ?? '';
  const error = h('div', { class: 'st failed', role: 'alert', hidden: true });
  const fail = (e: unknown) => {
    error.textContent = e instanceof Error && e.message ? `${t('callFailed')} ${e.message}` : t('callFailed');
    error.hidden = false;
  };
  const join = () => {
    // Opened at the click (popup blockers allow it), pointed at the room once the link is known.
    const win = window.open('', '_blank');
    api<{ url: string }>('POST', `calls/${encodeURIComponent(callId)}/join`).then(
      ({ url }) => {
        if (win) {
          win.opener = null;
          win.location.href = url;
        } else location.assign(url);
      },
      (e: unknown) => {
        win?.close();
        fail(e);
      },
    );
  };
  const decline = () => void api('POST', `calls/${encodeURIComponent(callId)}/decline`).catch(fail);
  const going = d.status === 'ringing' || d.status === 'active';
  return h(
    'li',
    { class: 'm sys call', 'data-id': m.id },
    h('span', null, systemText(m)),
    ' ',
    time(m.createdAt),
    going
      ? h(
          'div',
          { class: 'call-actions' },
          h('button', { type: 'button', class: 'btn call-join', onclick: join }, t('joinCall')),
          d.status === 'ringing'
            ? h('button', { type: 'button', class: 'link call-decline', onclick: decline }, t('declineCall'))
            : null,
        )
      : null,
    error,
  );
}
