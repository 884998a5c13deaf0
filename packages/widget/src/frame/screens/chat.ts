import type { MessageView, ServerFrame, VisitorConversationView } from '@parley/shared';
import type { App } from '../app';
import { api, ApiError } from '../api';
import { fill, h, initials, randomId } from '../dom';
import { t } from '../i18n';
import { Realtime } from '../realtime';
import { chime } from '../sound';
import { bool, registrationDepartments, str } from '../state';
import { systemText } from '../system-text';
import { header, type Screen } from '../ui';
import { composer, finishedPanel } from './chat-footer';
import { errorText } from './errors';
import { renderItem, type Item } from './message-item';

const HISTORY_PAGE = 100;

/**
 * The conversation: history, live messages (sender, time, delivery state), typing both ways,
 * attachments, queue position, department switch, and — once closed — the finished panel with the
 * transcript prompt. Without a conversation yet, the first message starts one.
 */
export class ChatScreen implements Screen {
  readonly el = h('div', { class: 'screen chat' });
  private readonly items = new Map<string, Item>();
  private order: Item[] = [];
  /** Highest `updatedSeq` received from history or the socket: where a resubscribe resumes. */
  private cursor = 0;
  private oldest = Infinity;
  private rt: Realtime | undefined;
  private connected = true;
  private log = h('ol', { class: 'log' });
  private scroller = h('div', { class: 'body scroll' });
  private banner = h('div', { class: 'banner', role: 'status' });
  private typingEl = h('div', { class: 'typing', hidden: true });
  private earlier = h('button', { type: 'button', class: 'link earlier', hidden: true });
  private head: HTMLElement = h('header');
  private tools: HTMLElement = h('div');
  private footer: HTMLElement = h('div');
  private input: HTMLTextAreaElement | undefined;
  private draft = '';
  private typingSent = false;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor(private readonly app: App) {
    this.redraw();
    const c = app.state.conversation;
    if (c) void this.loadHistory(c.id);
    addEventListener('online', this.retryFailed);
  }

  private get conversation(): VisitorConversationView | null {
    return this.app.state.conversation;
  }

  /** Builds the whole screen from the state (first time, and after a language change). */
  redraw(): void {
    const focusWasInside = this.el.contains(document.activeElement);
    if (this.input) this.draft = this.input.value;
    this.log = h('ol', { class: 'log', 'aria-label': t('messages') });
    this.earlier.textContent = t('loadEarlier');
    this.earlier.onclick = () => void this.loadEarlier();
    fill(this.scroller, this.earlier, this.log, this.typingEl);
    this.head = this.makeHeader();
    this.tools = this.makeTools();
    this.footer = this.makeFooter();
    fill(this.el, this.head, this.tools, this.banner, this.scroller, this.footer);
    for (const item of this.order) this.log.append((item.el = this.render(item)));
    this.drawBanner();
    this.scrollDown(true);
    if (focusWasInside) this.focus();
  }

  focus(): void {
    (this.input ?? this.footer.querySelector<HTMLElement>('input,button'))?.focus();
  }

  destroy(): void {
    this.destroyed = true;
    this.rt?.stop();
    clearTimeout(this.typingTimer);
    clearTimeout(this.agentTypingTimer);
    removeEventListener('online', this.retryFailed);
  }

  // ── header, tools, banner ────────────────────────────────────────────────
  private makeHeader(): HTMLElement {
    const s = this.app.state;
    const agent = this.conversation?.agent;
    return header(
      str(s, 'livechat.title') || 'Chat',
      str(s, 'livechat.titleColor') || '#C1272D',
      agent
        ? h(
            'div',
            { class: 'agent' },
            h('span', { class: 'av', 'aria-hidden': 'true' }, initials(agent.name)),
            h(
              'div',
              { class: 'agent-info' },
              h('div', { class: 'an' }, agent.name),
              agent.email ? h('div', { class: 'ae' }, agent.email) : null,
            ),
          )
        : null,
    );
  }

  private makeTools(): HTMLElement {
    const s = this.app.state;
    const c = this.conversation;
    if (!c || c.status === 'closed') return h('div', { hidden: true });
    const departments = registrationDepartments(s);
    const canSwitch = bool(s, 'livechat.allowSwitchDepartments') && departments.length > 1;
    const select = canSwitch
      ? h(
          'select',
          {
            'aria-label': t('department'),
            class: 'dept',
            onchange: (e: Event) => void this.switchDepartment((e.target as HTMLSelectElement).value),
          },
          c.departmentId ? null : h('option', { value: '' }, t('chooseDepartment')),
          departments.map((d) => h('option', { value: d.id, selected: d.id === c.departmentId }, d.name)),
        )
      : null;
    return h(
      'div',
      { class: 'tools' },
      select,
      h('button', { type: 'button', class: 'link end', onclick: () => void this.end() }, t('endChat')),
    );
  }

  private drawBanner(): void {
    const c = this.conversation;
    const s = this.app.state;
    const lines: string[] = [];
    if (!this.connected) lines.push(t('reconnecting'));
    if (c?.status === 'queued') {
      const q = c.queue;
      if (q) {
        lines.push(t('queuePosition', { n: q.position }));
        if (q.estimatedWaitSeconds)
          lines.push(t('estimatedWait', { n: Math.max(1, Math.ceil(q.estimatedWaitSeconds / 60)) }));
        if (q.message) lines.push(q.message);
      } else {
        lines.push(t('waiting'));
        const waiting = str(s, 'queue.waitingQueue.message');
        if (waiting) lines.push(waiting);
      }
    } else if (c?.status === 'on-hold') lines.push(t('onHold'));
    const text = lines.join(' ');
    if (this.banner.textContent !== text) this.banner.textContent = text;
    this.banner.hidden = lines.length === 0;
  }

  private makeFooter(): HTMLElement {
    if (this.conversation?.status === 'closed') {
      this.input = undefined;
      return finishedPanel(this.app, this.conversation);
    }
    const c = composer(this.app.state, this.draft, {
      send: (text) => {
        this.draft = '';
        this.typing(false);
        void this.send(text);
      },
      files: (files) => {
        for (const f of files) void this.upload(f);
      },
      typing: (on) => this.typing(on),
    });
    this.input = c.input;
    return c.el;
  }

  // ── messages ─────────────────────────────────────────────────────────────
  private render(item: Item): HTMLLIElement {
    return renderItem(item, { onRetry: (i) => void this.retry(i), onLoad: () => this.scrollDown() });
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

  private redrawItem(item: Item): void {
    const el = this.render(item);
    item.el?.replaceWith(el);
    item.el = el;
  }

  private remove(item: Item): void {
    this.order = this.order.filter((x) => x !== item);
    this.items.delete(item.key);
    item.el?.remove();
  }

  /** Adds or updates a server message: de-duplicated by id + updatedSeq, matched to pending sends. */
  private upsert(m: MessageView, opts: { live?: boolean; fromSocket?: boolean; replacing?: Item } = {}): void {
    if (m.conversationId !== this.conversation?.id) return;
    if (opts.fromSocket) this.cursor = Math.max(this.cursor, m.updatedSeq);
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
    if (isNew && opts.live) this.arrived(m);
    this.scrollDown(nearBottom || m.author.type === 'visitor');
  }

  private arrived(m: MessageView): void {
    if (m.kind === 'system') return this.app.announce(systemText(m));
    if (m.author.type !== 'agent' && m.author.type !== 'bot') return;
    const name = m.author.name ?? t('agent');
    this.showAgentTyping(false);
    this.app.announce(t('newMessage', { name, text: m.text || m.attachment?.name || '' }));
    this.app.agentMessage({ id: m.id, text: m.text, author: m.author.name });
    if (document.hidden || !this.app.state.open) chime();
  }

  private addPending(text: string, file?: File): Item {
    const clientId = randomId();
    const item: Item = { key: `c:${clientId}`, m: null, clientId, text, state: 'sending', ...(file ? { file } : {}) };
    this.items.set(item.key, item);
    this.place(item);
    this.scrollDown(true);
    return item;
  }

  private async loadHistory(id: string): Promise<void> {
    try {
      const r = await api<{ items: MessageView[] }>('GET', `conversations/${id}/messages?limit=${HISTORY_PAGE}`);
      if (this.destroyed) return;
      for (const m of r.items) this.upsert(m, { fromSocket: true });
      this.earlier.hidden = !(this.oldest > 1 && this.oldest !== Infinity);
    } catch {
      // The socket replays everything from 0 instead.
    }
    this.connect();
  }

  private async loadEarlier(): Promise<void> {
    const c = this.conversation;
    if (!c || this.oldest === Infinity) return;
    const before = this.scroller.scrollHeight - this.scroller.scrollTop;
    const r = await api<{ items: MessageView[] }>(
      'GET',
      `conversations/${c.id}/messages?before=${this.oldest}&limit=${HISTORY_PAGE}`,
    ).catch(() => ({ items: [] }));
    const oldest = this.oldest;
    for (const m of r.items) this.upsert(m);
    this.earlier.hidden = r.items.length === 0 || this.oldest <= 1 || this.oldest === oldest;
    this.scroller.scrollTop = this.scroller.scrollHeight - before;
  }

  // ── realtime ─────────────────────────────────────────────────────────────
  private connect(): void {
    const c = this.conversation;
    const token = this.app.state.token;
    if (!c || !token || this.rt || this.destroyed) return;
    let first = true;
    this.rt = new Realtime(token, c.id, () => this.cursor, {
      frame: (f) => this.onFrame(f),
      synced: () => {
        // Conversation changes are not replayed: what happened before this subscription (an agent
        // took it while we were connecting, or while we were offline) comes from a fresh read.
        void this.refresh();
        first = false;
        this.retryFailed();
      },
      unauthorized: () => {
        this.app.forget();
        this.app.route();
      },
      connection: (up) => {
        this.connected = up || first;
        this.drawBanner();
      },
    });
  }

  private onFrame(f: ServerFrame): void {
    const c = this.conversation;
    if (!c) return;
    switch (f.type) {
      case 'message.created':
      case 'message.updated':
        return this.upsert(f.message, { live: f.type === 'message.created', fromSocket: true });
      case 'visitor.conversation.updated':
        if (f.conversation.id === c.id) this.apply(f.conversation);
        return;
      case 'queue.position':
        if (f.conversationId === c.id) {
          c.queue = f.queue;
          this.drawBanner();
        }
        return;
      case 'typing':
        if (f.conversationId === c.id && f.author.type === 'agent') this.showAgentTyping(f.typing, f.author.name);
        return;
    }
  }

  /** The conversation's current state (status, agent, queue). */
  private async refresh(): Promise<void> {
    const c = this.conversation;
    if (!c) return;
    const fresh = await api<VisitorConversationView>('GET', `conversations/${c.id}`).catch(() => undefined);
    if (fresh && !this.destroyed) this.apply(fresh);
  }

  private apply(next: VisitorConversationView): void {
    const prev = this.conversation;
    if (next.status === 'queued' && !next.queue && prev?.queue) next.queue = prev.queue;
    this.app.state.conversation = next;
    const closedNow = next.status === 'closed' && prev?.status !== 'closed';
    const head = this.makeHeader();
    this.head.replaceWith(head);
    this.head = head;
    const tools = this.makeTools();
    this.tools.replaceWith(tools);
    this.tools = tools;
    this.drawBanner();
    if (closedNow) {
      const focusWasInside = this.el.contains(document.activeElement);
      this.typing(false);
      this.showAgentTyping(false);
      this.app.conversationClosed(next);
      const panel = this.makeFooter();
      this.footer.replaceWith(panel);
      this.footer = panel;
      this.scrollDown(true);
      if (focusWasInside) panel.querySelector<HTMLElement>('#fin-title')?.focus();
      this.app.announce(str(this.app.state, 'livechat.finished.message') || t('finished'));
    }
  }

  private typing(on: boolean): void {
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(() => this.typing(false), 3000);
    if (on === this.typingSent) return;
    this.typingSent = on;
    this.rt?.typing(on);
  }

  private showAgentTyping(on: boolean, name?: string | null): void {
    clearTimeout(this.agentTypingTimer);
    this.typingEl.hidden = !on;
    if (!on) return;
    const showName = bool(this.app.state, 'livechat.showAgentInfo') && name;
    this.typingEl.textContent = showName ? t('typing', { name }) : t('agentTyping');
    // A lost "stopped typing" must not leave the indicator forever.
    this.agentTypingTimer = setTimeout(() => this.showAgentTyping(false), 15_000);
    this.scrollDown();
  }

  // ── actions ──────────────────────────────────────────────────────────────
  /** Makes sure a conversation exists (the first message or file starts it). */
  private async ensureConversation(text?: string, clientId?: string): Promise<MessageView | undefined> {
    const s = this.app.state;
    if (s.conversation && s.conversation.status !== 'closed') return undefined;
    await this.app.ensureVisitor();
    const r = await api<{ conversation: VisitorConversationView; message?: MessageView }>('POST', 'conversations', {
      ...(s.departmentId ? { departmentId: s.departmentId } : {}),
      ...(text !== undefined ? { text, clientId } : {}),
    });
    this.app.conversationStarted(r.conversation, true);
    this.apply(r.conversation);
    this.connect();
    return r.message;
  }

  private async send(text: string, retrying?: Item): Promise<void> {
    const item = retrying ?? this.addPending(text);
    if (retrying) {
      item.state = 'sending';
      this.redrawItem(item);
    }
    try {
      const first = await this.ensureConversation(text, item.clientId ?? undefined);
      const m =
        first ??
        (await api<MessageView>('POST', `conversations/${this.conversation!.id}/messages`, {
          text,
          clientId: item.clientId,
        }));
      this.upsert(m, { replacing: item });
    } catch (e) {
      this.failed(item, e, text);
    }
  }

  private async upload(file: File, retrying?: Item): Promise<void> {
    const item = retrying ?? this.addPending('', file);
    if (retrying) {
      item.state = 'sending';
      this.redrawItem(item);
    }
    try {
      await this.ensureConversation();
      const form = new FormData();
      form.append('file', file, file.name);
      const m = await api<MessageView>('POST', `conversations/${this.conversation!.id}/files`, form);
      this.upsert(m, { replacing: item });
    } catch (e) {
      this.failed(item, e);
    }
  }

  private failed(item: Item, e: unknown, text?: string): void {
    const app = this.app;
    switch (e instanceof ApiError ? e.code : '') {
      case 'conversation.no-agent-online':
        this.remove(item);
        return app.goOffline(text);
      case 'consent.required':
      case 'visitor.unauthenticated':
        if ((e as ApiError).code === 'visitor.unauthenticated') app.forget();
        return app.route();
      case 'omnichannel.disabled':
        app.state.config.enabled = false;
        return app.route();
      case 'conversation.closed':
        void this.refresh();
    }
    item.state = 'failed';
    item.error = e instanceof ApiError ? errorText(e) : t('genericError');
    this.redrawItem(item);
  }

  private retry(item: Item): void {
    if (item.file) void this.upload(item.file, item);
    else void this.send(item.text, item);
  }

  /** Back online: messages that failed for network reasons go again (same client id: never twice). */
  private readonly retryFailed = () => {
    for (const item of this.order)
      if (item.state === 'failed' && item.error === t('networkError') && this.conversation?.status !== 'closed')
        this.retry(item);
  };

  private async end(): Promise<void> {
    const c = this.conversation;
    if (!c) return;
    try {
      this.apply(await api<VisitorConversationView>('POST', `conversations/${c.id}/close`));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conversation.closed') return void this.refresh();
      this.app.announce(e instanceof ApiError ? errorText(e) : t('genericError'));
    }
  }

  private async switchDepartment(departmentId: string): Promise<void> {
    const c = this.conversation;
    if (!c || !departmentId || departmentId === c.departmentId) return;
    try {
      this.apply(await api<VisitorConversationView>('POST', `conversations/${c.id}/department`, { departmentId }));
      this.app.state.departmentId = departmentId;
    } catch (e) {
      this.app.announce(e instanceof ApiError ? errorText(e) : t('genericError'));
      this.tools.replaceWith((this.tools = this.makeTools()));
    }
  }

  // ── scrolling ────────────────────────────────────────────────────────────
  private nearBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }

  private scrollDown(force = false): void {
    if (force || this.nearBottom()) this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
