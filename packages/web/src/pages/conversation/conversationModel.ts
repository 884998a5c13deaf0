import type { ConversationView, MessageView, ServerFrame } from '@parley/shared';
import { ApiError, errorMessage } from '../../api/client';
import { notesApi } from '../../api/mentions';
import { conversationsApi } from '../../api/omnichannel';
import { createStore } from '../../lib/store';
import type { Realtime } from '../../realtime/realtime';
import { changesToHold, hasOlderThan, latestSeq, PAGE, stillPending, toResend } from './messages';
import { t } from '../../i18n';

const TYPING_EXPIRES_MS = 8000;

/** A message of mine on its way (or refused): shown at once, replaced by the stored one. */
export interface PendingMessage {
  clientId: string;
  text: string;
  file: File | undefined;
  /** An internal note (staff only). */
  note: boolean;
  state: 'sending' | 'failed';
  error: string | undefined;
  /** It failed because the server could not be reached: it goes again by itself once it can be. */
  offline?: boolean;
  createdAt: string;
}

export interface Typist {
  id: string;
  name: string;
}

export interface ConversationState {
  conversation: ConversationView | undefined;
  error: unknown;
  /** Stored messages in sequence order. */
  messages: MessageView[];
  pending: PendingMessage[];
  /** Older messages exist above the first one held. */
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  typing: Typist[];
  /** What the visitor is writing, not sent yet (`livechat.typingPreview`); '' when nothing. */
  preview: string;
}

/** An id for a message before the server knows it; retries reuse it, so a retried send is stored once. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * One conversation on screen: its latest messages (older pages on demand), live changes through the
 * realtime connection (replayed from the last sequence number held after a reconnection, de-duplicated by
 * message id and change number), typing, and the messages I send with their delivery state.
 */
export class ConversationModel {
  readonly state = createStore<ConversationState>({
    conversation: undefined,
    error: undefined,
    messages: [],
    pending: [],
    hasOlder: false,
    loadingOlder: false,
    olderError: undefined,
    typing: [],
    preview: '',
  });
  private readonly byId = new Map<string, MessageView>();
  private since = 0;
  private stopped = false;
  private readonly cleanups: Array<() => void> = [];
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    readonly id: string,
    private readonly rt: Realtime | undefined,
  ) {}

  async start(): Promise<void> {
    if (this.rt) {
      this.cleanups.push(this.rt.onFrame((f) => this.onFrame(f)));
      // Messages are replayed on resubscription; the conversation itself is read again, then what failed
      // while the server was unreachable goes again.
      this.cleanups.push(this.rt.onReconnect(() => void this.refresh().then(() => this.resendUnsent())));
    }
    if (typeof addEventListener === 'function') {
      const online = () => this.resendUnsent();
      addEventListener('online', online);
      this.cleanups.push(() => removeEventListener('online', online));
    }
    try {
      const conversation = await conversationsApi.get(this.id);
      if (this.stopped) return;
      this.since = conversation.lastSeq;
      this.state.set((s) => ({ ...s, conversation }));
      const page = await conversationsApi.messages(this.id, { limit: PAGE });
      if (this.stopped) return;
      this.merge(page.items);
      this.state.set((s) => ({ ...s, hasOlder: hasOlderThan(page.items) }));
      if (this.rt) this.cleanups.push(this.rt.follow(this.id, () => this.since));
    } catch (error) {
      if (!this.stopped) this.state.set((s) => ({ ...s, error }));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.cleanups.splice(0)) c();
    for (const t of this.typingTimers.values()) clearTimeout(t);
    clearTimeout(this.previewTimer);
  }

  private async refresh(): Promise<void> {
    try {
      const c = await conversationsApi.get(this.id);
      if (!this.stopped) this.applyConversation(c);
    } catch {
      // the next reconnection or action tries again
    }
  }

  async loadOlder(): Promise<void> {
    const s = this.state.get();
    if (!s.hasOlder || s.loadingOlder) return;
    const first = s.messages[0];
    if (!first) return;
    this.state.set((x) => ({ ...x, loadingOlder: true, olderError: undefined }));
    try {
      const page = await conversationsApi.messages(this.id, { before: first.seq, limit: PAGE });
      if (this.stopped) return;
      this.merge(page.items);
      this.state.set((x) => ({
        ...x,
        loadingOlder: false,
        hasOlder: hasOlderThan(page.items),
      }));
    } catch (olderError) {
      this.state.set((x) => ({ ...x, loadingOlder: false, olderError }));
    }
  }

  /** An answer of an action (take, hold, transfer…) or a live update. */
  applyConversation(c: ConversationView): void {
    if (c.id !== this.id) return;
    this.state.set((s) => ({ ...s, conversation: c }));
  }

  send(text: string, file?: File, note = false): void {
    const p: PendingMessage = {
      clientId: newClientId(),
      text,
      file: note ? undefined : file,
      note,
      state: 'sending',
      error: undefined,
      createdAt: new Date().toISOString(),
    };
    this.state.set((s) => ({ ...s, pending: [...s.pending, p] }));
    void this.deliver(p);
  }

  retry(clientId: string): void {
    const p = this.state.get().pending.find((x) => x.clientId === clientId);
    if (!p) return;
    this.setPending(clientId, { state: 'sending', error: undefined, offline: false });
    void this.deliver(p);
  }

  /** Sends again (same client id) the messages that failed because the server could not be reached. */
  resendUnsent(): void {
    if (this.stopped) return;
    const s = this.state.get();
    for (const p of toResend(s.pending, s.conversation?.status)) this.retry(p.clientId);
  }

  discard(clientId: string): void {
    this.state.set((s) => ({ ...s, pending: s.pending.filter((x) => x.clientId !== clientId) }));
  }

  async edit(messageId: string, text: string): Promise<void> {
    this.merge([await conversationsApi.editMessage(this.id, messageId, text)]);
  }

  async remove(messageId: string): Promise<void> {
    this.merge([await conversationsApi.deleteMessage(this.id, messageId)]);
  }

  private async deliver(p: PendingMessage): Promise<void> {
    try {
      const m = p.note
        ? (await notesApi.send(this.id, p.text, p.clientId)).message
        : p.file
          ? await conversationsApi.sendFile(this.id, p.file, p.text, p.clientId)
          : await conversationsApi.send(this.id, p.text, p.clientId);
      if (p.file) this.discard(p.clientId);
      this.merge([m]);
    } catch (err) {
      const offline = err instanceof ApiError && err.code === 'network.error';
      this.setPending(p.clientId, {
        state: 'failed',
        offline,
        error: offline
          ? t('Parley could not be reached. It is sent again when the connection returns.')
          : errorMessage(err),
      });
    }
  }

  private setPending(clientId: string, change: Partial<PendingMessage>): void {
    this.state.set((s) => ({
      ...s,
      pending: s.pending.map((x) => (x.clientId === clientId ? { ...x, ...change } : x)),
    }));
  }

  private onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'message.created':
      case 'message.updated':
        if (f.conversationId !== this.id) return;
        this.merge([f.message], f.type === 'message.updated');
        // The visitor's message is the draft sent: the preview empties.
        if (f.type === 'message.created' && f.message.author.type === 'visitor') this.setPreview('');
        if (f.message.author.type !== 'system' && f.message.author.id) this.stopTyping(f.message.author.id);
        return;
      case 'conversation.updated':
        return this.applyConversation(f.conversation);
      case 'typing.preview':
        if (f.conversationId === this.id) this.setPreview(f.text);
        return;
      case 'typing':
        // Staff are always told who types (only visitors may get an anonymous agent).
        if (f.conversationId !== this.id || f.author.id === null) return;
        if (f.typing) this.startTyping({ id: f.author.id, name: f.author.name ?? t('Visitor') });
        else this.stopTyping(f.author.id);
        return;
    }
  }

  /** Keeps the newest version of each message; a change of a message older than what is held is skipped. */
  private merge(items: MessageView[], onlyHeldRange = false): void {
    const s = this.state.get();
    this.since = latestSeq(this.since, items);
    const lowest = s.messages[0]?.seq;
    const changes = changesToHold(this.byId, items, onlyHeldRange && s.hasOlder ? lowest : undefined);
    if (changes.length === 0) return;
    for (const m of changes) this.byId.set(m.id, m);
    const messages = [...this.byId.values()].sort((a, b) => a.seq - b.seq);
    this.state.set((x) => ({ ...x, messages, pending: stillPending(x.pending, items) }));
  }

  private previewTimer: ReturnType<typeof setTimeout> | undefined;

  /** A preview not refreshed for a while (the visitor left, a frame was lost) is not shown forever. */
  private setPreview(text: string): void {
    clearTimeout(this.previewTimer);
    if (text) this.previewTimer = setTimeout(() => this.setPreview(''), TYPING_EXPIRES_MS * 2);
    this.state.set((s) => (s.preview === text ? s : { ...s, preview: text }));
  }

  private startTyping(t: Typist): void {
    clearTimeout(this.typingTimers.get(t.id));
    // A lost "stopped typing" must not leave the indicator on forever.
    this.typingTimers.set(
      t.id,
      setTimeout(() => this.stopTyping(t.id), TYPING_EXPIRES_MS),
    );
    this.state.set((s) => (s.typing.some((x) => x.id === t.id) ? s : { ...s, typing: [...s.typing, t] }));
  }

  private stopTyping(id: string): void {
    clearTimeout(this.typingTimers.get(id));
    this.typingTimers.delete(id);
    this.state.set((s) =>
      s.typing.some((x) => x.id === id) ? { ...s, typing: s.typing.filter((x) => x.id !== id) } : s,
    );
  }
}
