import type { MessageView } from '@parley/shared';
import { api } from '../api';
import { fill, h, randomId } from '../dom';
import { t } from '../i18n';
import { renderItem, type Item } from './message-item';

const HISTORY_PAGE = 100;

export interface MessageListHooks {
  /** The conversation shown (messages of any other one are ignored). */
  conversationId(): string | undefined;
  /** A message that was not known before arrived live. */
  arrived(m: MessageView): void;
  retry(item: Item): void;
}

/**
 * The messages of one conversation, in `seq` order with the visitor's pending sends last. Server
 * messages are de-duplicated by id + updatedSeq and matched to the pending send they confirm (by client
 * id, or by file name for uploads), so replays and retries never show anything twice.
 */
export class MessageList {
  private readonly items = new Map<string, Item>();
  private order: Item[] = [];
  /** Highest `updatedSeq` received from history or the socket: where a resubscribe resumes. */
  cursor = 0;
  private oldest = Infinity;
  private log = h('ol', { class: 'log' });
  readonly typing = h('div', { class: 'typing', hidden: true });
  /** The greeting above the messages (`livechat.greeting`), filled by the chat screen. */
  readonly intro = h('div', { class: 'greet', hidden: true });
  private readonly earlier = h('button', { type: 'button', class: 'link earlier', hidden: true });
  readonly el = h('div', { class: 'body scroll' });

  constructor(private readonly hooks: MessageListHooks) {
    this.earlier.onclick = () => void this.loadEarlier();
  }

  /** (Re)builds the DOM, e.g. after a language change. */
  draw(): void {
    this.log = h('ol', { class: 'log', 'aria-label': t('messages') });
    this.earlier.textContent = t('loadEarlier');
    fill(this.el, this.intro, this.earlier, this.log, this.typing);
    for (const item of this.order) this.log.append((item.el = this.render(item)));
    this.scrollDown(true);
  }

  private render(item: Item): HTMLLIElement {
    return renderItem(item, {
      onRetry: (i) => this.hooks.retry(i),
      onRemove: (i) => this.remove(i),
      onLoad: () => this.scrollDown(),
    });
  }

  private place(item: Item): void {
    const seq = item.m?.seq ?? Infinity;
    this.order = this.order.filter((x) => x !== item);
    let i = this.order.findIndex((x) => (x.m?.seq ?? Infinity) > seq);
    if (i === -1) i = this.order.length;
    this.order.splice(i, 0, item);
    const el = this.render(item);
    item.el?.remove();
    item.el = el;
    const next = this.order[i + 1]?.el;
    if (next && next.parentNode === this.log) this.log.insertBefore(el, next);
    else this.log.append(el);
  }

  redrawItem(item: Item): void {
    const el = this.render(item);
    item.el?.replaceWith(el);
    item.el = el;
  }

  remove(item: Item): void {
    this.order = this.order.filter((x) => x !== item);
    this.items.delete(item.key);
    item.el?.remove();
  }

  /** Adds or updates a server message. `stream`: from history or the socket (moves the cursor). */
  upsert(m: MessageView, opts: { live?: boolean; stream?: boolean; replacing?: Item } = {}): void {
    if (m.conversationId !== this.hooks.conversationId()) return;
    if (opts.stream) this.cursor = Math.max(this.cursor, m.updatedSeq);
    let item = this.items.get(m.id);
    if (item?.m && item.m.updatedSeq >= m.updatedSeq) {
      if (opts.replacing && opts.replacing !== item) this.remove(opts.replacing);
      return;
    }
    if (opts.replacing && item && opts.replacing !== item) this.remove(opts.replacing);
    if (!item && opts.replacing) item = opts.replacing;
    if (!item && m.clientId) item = this.items.get(`c:${m.clientId}`);
    if (!item && m.attachment && m.author.type === 'visitor')
      item = this.order.find((x) => !x.m && x.file?.name === m.attachment!.name);
    // An edit of a message older than what we hold: not ours to show.
    if (!item && m.seq !== m.updatedSeq && m.seq < this.oldest && this.oldest !== Infinity) return;
    const isNew = !item;
    if (item) this.items.delete(item.key);
    item ??= { key: m.id, m: null, clientId: m.clientId, text: '', state: 'sent' };
    item.key = m.id;
    item.m = m;
    item.state = 'sent';
    item.error = undefined;
    item.file = undefined;
    this.items.set(m.id, item);
    const nearBottom = this.nearBottom();
    this.place(item);
    this.oldest = Math.min(this.oldest, m.seq);
    if (isNew && opts.live) this.hooks.arrived(m);
    this.scrollDown(nearBottom || m.author.type === 'visitor');
  }

  /** The visitor's message or file, shown at once as "sending". */
  addPending(text: string, file?: File): Item {
    const clientId = randomId();
    const item: Item = { key: `c:${clientId}`, m: null, clientId, text, state: 'sending', ...(file ? { file } : {}) };
    this.items.set(item.key, item);
    this.place(item);
    this.scrollDown(true);
    return item;
  }

  failed(): Item[] {
    return this.order.filter((i) => i.state === 'failed');
  }

  /** The latest messages; throws when they cannot be read (the socket then replays from 0). */
  async loadHistory(id: string): Promise<void> {
    const r = await api<{ items: MessageView[] }>('GET', `conversations/${id}/messages?limit=${HISTORY_PAGE}`);
    for (const m of r.items) this.upsert(m, { stream: true });
    this.earlier.hidden = !(this.oldest > 1 && this.oldest !== Infinity);
  }

  private async loadEarlier(): Promise<void> {
    const id = this.hooks.conversationId();
    if (!id || this.oldest === Infinity) return;
    const fromBottom = this.el.scrollHeight - this.el.scrollTop;
    const r = await api<{ items: MessageView[] }>(
      'GET',
      `conversations/${id}/messages?before=${this.oldest}&limit=${HISTORY_PAGE}`,
    ).catch(() => ({ items: [] }));
    const oldest = this.oldest;
    for (const m of r.items) this.upsert(m);
    this.earlier.hidden = r.items.length === 0 || this.oldest <= 1 || this.oldest === oldest;
    this.el.scrollTop = this.el.scrollHeight - fromBottom;
  }

  nearBottom(): boolean {
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 80;
  }

  scrollDown(force = false): void {
    if (force || this.nearBottom()) this.el.scrollTop = this.el.scrollHeight;
  }
}
