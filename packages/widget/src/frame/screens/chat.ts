import type {
  DepartmentSwitch,
  MessageView,
  NewMessage,
  ServerFrame,
  StartConversation,
  VisitorConversationView,
} from '@parley/shared';
import type { App } from '../app';
import { api, ApiError } from '../api';
import { fill, h, initials } from '../dom';
import { t } from '../i18n';
import { Realtime } from '../realtime';
import { chime } from '../sound';
import { bool, registrationDepartments, str } from '../state';
import { systemText } from '../system-text';
import { header, type Screen } from '../ui';
import { composer, finishedPanel } from './chat-footer';
import { errorText } from './errors';
import { verifyPanel } from './verify';
import type { Item } from './message-item';
import { MessageList } from './message-list';
import { TypingPreview } from '../typing-preview';

/**
 * The conversation: history, live messages (sender, time, delivery state), typing both ways,
 * attachments, queue position, department switch, and — once closed — the finished panel with the
 * transcript prompt. Without a conversation yet, the first message starts one.
 */
export class ChatScreen implements Screen {
  readonly el = h('div', { class: 'screen chat' });
  private readonly list: MessageList;
  private rt: Realtime | undefined;
  private connected = true;
  private banner = h('div', { class: 'banner', role: 'status' });
  private head: HTMLElement = h('header');
  private tools: HTMLElement = h('div');
  private footer: HTMLElement = h('div');
  private input: HTMLTextAreaElement | undefined;
  private draft = '';
  private typingSent = false;
  /** `livechat.typingPreview`: asked before every frame, so turning it off stops the drafts at once. */
  private readonly preview = new TypingPreview(
    (text) => this.rt?.typingPreview(text),
    () => bool(this.app.state, 'livechat.typingPreview') && this.conversation?.status !== 'closed',
  );
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor(private readonly app: App) {
    this.list = new MessageList({
      conversationId: () => this.conversation?.id,
      arrived: (m) => this.arrived(m),
      retry: (i) => this.retry(i),
    });
    this.redraw();
    const c = app.state.conversation;
    if (c)
      void this.list
        .loadHistory(c.id)
        .catch(() => undefined)
        .then(() => this.connect());
    addEventListener('online', this.retryFailed);
  }

  private get conversation(): VisitorConversationView | null {
    return this.app.state.conversation;
  }

  /** Builds the whole screen from the state (first time, and after a language change). */
  redraw(): void {
    const focusWasInside = this.el.contains(document.activeElement);
    if (this.input) this.draft = this.input.value;
    this.head = this.makeHeader();
    this.tools = this.makeTools();
    this.footer = this.makeFooter();
    fill(this.el, this.head, this.tools, this.banner, this.list.el, this.footer);
    this.list.draw();
    this.drawGreeting();
    this.drawBanner();
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
      h('button', { type: 'button', class: 'link end', onclick: () => this.confirmEnd() }, t('endChat')),
    );
  }

  /** End chat asks first: one click too many is better than a chat ended by mistake. */
  private confirmEnd(): void {
    const keep = h('button', { type: 'button', class: 'link', onclick: () => cancel() }, t('keepChatting'));
    const ask = h(
      'div',
      { class: 'tools confirm', role: 'group', 'aria-label': t('endChatConfirm') },
      h('span', {}, t('endChatConfirm')),
      h('button', { type: 'button', class: 'link end', onclick: () => void this.end() }, t('endChatYes')),
      keep,
    );
    const cancel = () => {
      const tools = this.makeTools();
      ask.replaceWith(tools);
      this.tools = tools;
    };
    this.tools.replaceWith(ask);
    this.tools = ask;
    keep.focus();
  }

  /** A new chat opens with the team's greeting and, when known, how soon they usually answer. */
  private drawGreeting(): void {
    const greeting = str(this.app.state, 'livechat.greeting').trim();
    const seconds = this.app.state.config.usualReplySeconds;
    const intro = this.list.intro;
    intro.hidden = !greeting;
    if (!greeting) return intro.replaceChildren();
    const when =
      seconds === null || seconds === undefined
        ? null
        : seconds < 60
          ? t('replyMinute')
          : seconds < 5400
            ? t('replyMinutes', { n: String(Math.round(seconds / 60)) })
            : t('replyHours', { n: String(Math.round(seconds / 3600)) });
    fill(intro, h('p', {}, greeting), when ? h('p', { class: 'when' }, when) : null);
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
        this.preview.clear();
        void this.send(text);
      },
      files: (files) => {
        for (const f of files) void this.upload(f);
      },
      typing: (on) => this.typing(on),
      draft: (text) => this.preview.write(text),
    });
    this.input = c.input;
    return c.el;
  }

  // ── messages ─────────────────────────────────────────────────────────────
  private arrived(m: MessageView): void {
    if (m.kind === 'system') {
      // The agent asked for the email code: the form shows above the composer until it is done.
      if (m.systemType === 'verification-requested') this.showVerify(true);
      if (m.systemType === 'visitor-verified') this.showVerify(false);
      return this.app.announce(systemText(m));
    }
    if (m.author.type !== 'agent' && m.author.type !== 'bot') return;
    const name = m.author.name ?? t('agent');
    this.showAgentTyping(false);
    this.app.announce(t('newMessage', { name, text: m.text || m.attachment?.name || '' }));
    this.app.agentMessage({ id: m.id, text: m.text, author: m.author.name });
    if (document.hidden || !this.app.state.open) chime();
  }

  private verify: HTMLElement | undefined;
  private showVerify(on: boolean): void {
    this.verify?.remove();
    this.verify = undefined;
    if (!on || this.app.state.verification?.verified) return;
    this.verify = verifyPanel(this.app, () => this.showVerify(false));
    this.verify.classList.add('pad');
    this.footer.before(this.verify);
    this.list.scrollDown(true);
  }

  // ── realtime ─────────────────────────────────────────────────────────────
  private connect(): void {
    const c = this.conversation;
    const token = this.app.state.token;
    if (!c || !token || this.rt || this.destroyed) return;
    let first = true;
    this.rt = new Realtime(
      token,
      c.id,
      () => this.list.cursor,
      {
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
      },
      this.app.state.user,
    );
  }

  private onFrame(f: ServerFrame): void {
    const c = this.conversation;
    if (!c) return;
    switch (f.type) {
      case 'message.created':
      case 'message.updated':
        return this.list.upsert(f.message, { live: f.type === 'message.created', stream: true });
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
      // What never got through stays behind with the chat it belonged to.
      for (const item of this.list.failed()) this.list.remove(item);
      const focusWasInside = this.el.contains(document.activeElement);
      this.typing(false);
      this.showAgentTyping(false);
      this.app.conversationClosed(next);
      const panel = this.makeFooter();
      this.footer.replaceWith(panel);
      this.footer = panel;
      this.list.scrollDown(true);
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
    this.list.typing.hidden = !on;
    if (!on) return;
    const showName = bool(this.app.state, 'livechat.showAgentInfo') && name;
    this.list.typing.textContent = showName ? t('typing', { name }) : t('agentTyping');
    // A lost "stopped typing" must not leave the indicator forever.
    this.agentTypingTimer = setTimeout(() => this.showAgentTyping(false), 15_000);
    this.list.scrollDown();
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
    } satisfies StartConversation);
    this.app.conversationStarted(r.conversation, true);
    this.apply(r.conversation);
    this.connect();
    return r.message;
  }

  private async send(text: string, retrying?: Item): Promise<void> {
    const item = retrying ?? this.list.addPending(text);
    if (retrying) {
      item.state = 'sending';
      this.list.redrawItem(item);
    }
    try {
      const first = await this.ensureConversation(text, item.clientId ?? undefined);
      const m =
        first ??
        (await api<MessageView>('POST', `conversations/${this.conversation!.id}/messages`, {
          text,
          // A pending item always has one (null only on messages the server sent).
          clientId: item.clientId ?? undefined,
        } satisfies NewMessage));
      this.list.upsert(m, { replacing: item });
    } catch (e) {
      this.failed(item, e, text);
    }
  }

  private async upload(file: File, retrying?: Item): Promise<void> {
    const item = retrying ?? this.list.addPending('', file);
    if (retrying) {
      item.state = 'sending';
      this.list.redrawItem(item);
    }
    try {
      await this.ensureConversation();
      const form = new FormData();
      form.append('file', file, file.name);
      const m = await api<MessageView>('POST', `conversations/${this.conversation!.id}/files`, form);
      this.list.upsert(m, { replacing: item });
    } catch (e) {
      this.failed(item, e);
    }
  }

  private failed(item: Item, e: unknown, text?: string): void {
    const app = this.app;
    switch (e instanceof ApiError ? e.code : '') {
      case 'conversation.no-agent-online':
        this.list.remove(item);
        return app.goOffline(text);
      case 'consent.required':
      case 'identity.required':
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
    // A 4xx (a refused file type, a file too large …) fails the same way again: no Retry, only Remove.
    item.retryable = !(
      e instanceof ApiError &&
      e.status >= 400 &&
      e.status < 500 &&
      e.status !== 408 &&
      e.status !== 429
    );
    this.list.redrawItem(item);
  }

  private retry(item: Item): void {
    if (item.file) void this.upload(item.file, item);
    else void this.send(item.text, item);
  }

  /** Back online: messages that failed for network reasons go again (same client id: never twice). */
  private readonly retryFailed = () => {
    for (const item of this.list.failed())
      if (item.error === t('networkError') && this.conversation?.status !== 'closed') this.retry(item);
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
      this.apply(
        await api<VisitorConversationView>('POST', `conversations/${c.id}/department`, {
          departmentId,
        } satisfies DepartmentSwitch),
      );
      this.app.state.departmentId = departmentId;
    } catch (e) {
      this.app.announce(e instanceof ApiError ? errorText(e) : t('genericError'));
      this.tools.replaceWith((this.tools = this.makeTools()));
    }
  }
}
