import {
  DEFAULT_ALERT_PREFERENCES,
  visitorDisplayName,
  type AlertPreferences,
  type AlertPreferencesPatch,
  type MentionView,
} from '@parley/shared';
import type {
  AgentState,
  ConversationView,
  MessageView,
  ServerFrame,
  UserView,
  WorkspaceSettings,
} from '@parley/shared';
import { ApiError } from '../api/client';
import { agentsApi, conversationsApi, workspaceSettingsApi } from '../api/omnichannel';
import { preferencesApi } from '../api/preferences';
import { navigate } from '../lib/router';
import { createStore } from '../lib/store';
import type { Realtime } from '../realtime/realtime';
import { chime, notifyDesktop } from './alerts';
import {
  answersVisitor,
  attention,
  byActivity,
  byWaiting,
  countsAsUnread,
  isVisitorMessage,
  place,
  repeatsChime,
  withMessage,
} from './lists';
import { t } from '../i18n';

export interface WorkspaceState {
  loaded: boolean;
  error: unknown;
  /** My open and on-hold conversations, most recent activity first. */
  mine: ConversationView[];
  /** Conversations waiting that I may see, longest waiting first. */
  queue: ConversationView[];
  /** Visitor messages I have not seen, by conversation. */
  unread: Record<string, number>;
  /** Mine as an agent (undefined for staff who are not agents). */
  status: AgentState | undefined;
  statusError: unknown;
  /** My chats given to me (not taken by me) while the app was open, that I have not answered yet. */
  unanswered: string[];
}

const REPEAT_SOUND_MS = 4000;

export function isAgent(user: Pick<UserView, 'roles'>): boolean {
  return user.roles.includes('agent') || user.roles.includes('bot');
}

export function visitorLabel(c: Pick<ConversationView, 'visitor'>): string {
  return visitorDisplayName(c.visitor);
}

/**
 * What an agent's workspace knows across pages: their conversations, the queue, unread counts and their
 * status, kept live by the one realtime connection (topics `my-conversations` and `queue`), and the
 * settings it follows. It alerts (sound, desktop notification) when a chat arrives in the queue or is
 * given to the agent.
 */
export class Workspace {
  readonly state = createStore<WorkspaceState>({
    loaded: false,
    error: undefined,
    mine: [],
    queue: [],
    unread: {},
    status: undefined,
    statusError: undefined,
    unanswered: [],
  });
  /** This user's own alert preferences (their account page changes them; kept on the server). */
  readonly alertPrefs = createStore<AlertPreferences>(DEFAULT_ALERT_PREFERENCES);
  /**
   * The settings the workspace follows (undefined until read). Read at start, after every reconnection and
   * whenever the workspace page opens: an administrator may change them while the app is open.
   */
  readonly settings = createStore<WorkspaceSettings | undefined>(undefined);
  /** The conversation on screen (its messages count as read while the page is visible). */
  private viewing: string | undefined;
  private seen: Record<string, number>;
  /** Visitor messages already counted as unread (a replay or a second delivery counts once). */
  private readonly counted = new Set<string>();
  private readonly seenKey: string;
  private readonly cleanups: Array<() => void> = [];
  private repeatTimer: ReturnType<typeof setInterval> | undefined;
  private settingsRequest: Promise<void> | undefined;
  /** Conversations this user is taking: their arrival in my list is no news (no alert). */
  private readonly taking = new Set<string>();
  private generation = 0;
  readonly agent: boolean;

  constructor(
    private readonly rt: Realtime,
    private readonly user: UserView,
  ) {
    this.agent = isAgent(user);
    this.seenKey = `parley:seen:${user.id}`;
    this.seen = readSeen(this.seenKey);
  }

  start(): void {
    this.cleanups.push(this.rt.onFrame((f) => this.onFrame(f)));
    // The repeated chime follows the queue, my availability and the setting, whatever changed them.
    this.cleanups.push(this.state.subscribe(() => this.updateRepeat()));
    this.cleanups.push(this.settings.subscribe(() => this.updateRepeat()));
    this.cleanups.push(this.alertPrefs.subscribe(() => this.updateRepeat()));
    this.cleanups.push(
      this.rt.onReconnect(() => {
        void this.load();
        void this.loadSettings();
        void this.loadAlertPrefs();
      }),
    );
    if (this.agent) this.cleanups.push(this.rt.subscribe('my-conversations'));
    this.cleanups.push(this.rt.subscribe('queue'));
    void this.load();
    void this.loadSettings();
    void this.loadAlertPrefs();
  }

  stop(): void {
    for (const c of this.cleanups.splice(0)) c();
    clearInterval(this.repeatTimer);
    this.generation++;
  }

  /** (Re)reads my alert preferences; a failed read keeps those held (the defaults at first). */
  async loadAlertPrefs(): Promise<void> {
    try {
      this.alertPrefs.set(await preferencesApi.alerts());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  /** Changes some of my alert preferences: at once here, kept when the server agrees (else back). */
  async setAlertPrefs(patch: AlertPreferencesPatch): Promise<void> {
    const before = this.alertPrefs.get();
    this.alertPrefs.set({ ...before, ...patch });
    try {
      this.alertPrefs.set(await preferencesApi.setAlerts(patch));
    } catch (err) {
      this.alertPrefs.set(before);
      throw err;
    }
  }

  /** What waits for me (lists.ts's `attention`). */
  static attention(s: Pick<WorkspaceState, 'unread' | 'queue'>, agent: boolean): number {
    return attention(s, agent);
  }

  /** (Re)reads the lists and my status: at start and after a reconnection (never on a timer). */
  async load(): Promise<void> {
    const gen = ++this.generation;
    try {
      const [mine, queue, status] = await Promise.all([
        this.agent
          ? conversationsApi.list({ status: 'open,on-hold', agentId: this.user.id, limit: 100 })
          : Promise.resolve({ items: [], nextCursor: null }),
        conversationsApi.queue(),
        this.agent ? agentsApi.myStatus() : Promise.resolve(undefined),
      ]);
      if (gen !== this.generation) return;
      const known = new Set(mine.items.map((c) => c.id));
      for (const id of Object.keys(this.seen)) if (!known.has(id)) delete this.seen[id];
      writeSeen(this.seenKey, this.seen);
      this.state.set((s) => ({
        ...s,
        loaded: true,
        error: undefined,
        mine: mine.items.sort(byActivity),
        queue: queue.items.sort(byWaiting),
        status,
      }));
      await this.countUnread(mine.items, gen);
    } catch (error) {
      if (gen === this.generation) this.state.set((s) => ({ ...s, loaded: true, error }));
    }
  }

  async setAvailability(availability: 'available' | 'unavailable'): Promise<void> {
    const before = this.state.get().status;
    // The switch moves at once; it moves back if the server refuses (e.g. outside business hours).
    this.state.set((s) => ({ ...s, statusError: undefined, status: s.status && { ...s.status, availability } }));
    try {
      const status = await agentsApi.setMyAvailability(availability);
      this.state.set((s) => ({ ...s, status: { ...status, presence: s.status?.presence ?? status.presence } }));
    } catch (statusError) {
      this.state.set((s) => ({ ...s, statusError, status: before }));
    }
  }

  /** The conversation view tells which conversation is on screen (undefined when none). */
  setViewing(id: string | undefined): void {
    this.viewing = id;
  }

  markRead(conversationId: string, seq: number): void {
    if ((this.seen[conversationId] ?? -1) < seq) {
      this.seen[conversationId] = seq;
      writeSeen(this.seenKey, this.seen);
    }
    if (this.state.get().unread[conversationId]) {
      this.state.set((s) => ({ ...s, unread: { ...s.unread, [conversationId]: 0 } }));
    }
  }

  /** A conversation changed by an action of this user (take, transfer…): show it at once. */
  apply(c: ConversationView): void {
    this.onConversation(c, false);
  }

  /** Takes a queued conversation (`conversation.already-taken` when someone was faster). */
  async take(id: string): Promise<ConversationView> {
    this.taking.add(id);
    try {
      const c = await conversationsApi.take(id);
      this.apply(c);
      return c;
    } finally {
      this.taking.delete(id);
    }
  }

  /**
   * (Re)reads the workspace settings. A read already under way is shared (the start and the workspace
   * page opening at the same moment make one request); a failed read keeps the values held.
   */
  loadSettings(): Promise<void> {
    this.settingsRequest ??= workspaceSettingsApi
      .get()
      .then(
        (r) => this.settings.set(r.settings),
        (err: unknown) => {
          if (!(err instanceof ApiError)) throw err;
        },
      )
      .finally(() => {
        this.settingsRequest = undefined;
      });
    return this.settingsRequest;
  }

  private async countUnread(mine: ConversationView[], gen: number): Promise<void> {
    const stale = mine.filter((c) => c.id !== this.viewing && c.lastSeq > (this.seen[c.id] ?? 0));
    const counts = await Promise.all(
      stale.map(async (c) => {
        const after = this.seen[c.id] ?? 0;
        const r = await conversationsApi.messages(c.id, { after, limit: 100 }).catch(() => ({ items: [] }));
        const fresh = r.items.filter(isVisitorMessage);
        for (const m of fresh) this.counted.add(m.id);
        return [c.id, fresh.length] as const;
      }),
    );
    if (gen !== this.generation) return;
    this.state.set((s) => ({ ...s, unread: { ...s.unread, ...Object.fromEntries(counts) } }));
  }

  private onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'conversation.updated':
        return this.onConversation(f.conversation, true);
      case 'message.created':
      case 'message.updated':
        return this.onMessage(f.type, f.message);
      case 'mention.created':
        return this.onMention(f.mention);
      case 'agent.status':
        if (f.userId === this.user.id) {
          this.state.set((s) =>
            s.status ? { ...s, status: { ...s.status, presence: f.presence, availability: f.availability } } : s,
          );
        }
        return;
    }
  }

  private onConversation(c: ConversationView, live: boolean): void {
    const s = this.state.get();
    const placed = place(s, c, { userId: this.user.id, agent: this.agent });
    if (!placed) return;
    const given = live && placed.arrived === 'mine' && !this.taking.has(c.id) && c.metrics.responseCount === 0;
    const stillMine = new Set(placed.mine.map((x) => x.id));
    const unanswered = s.unanswered.filter((id) => id !== c.id && stillMine.has(id));
    this.state.set({
      ...s,
      mine: placed.mine,
      queue: placed.queue,
      unanswered: given ? [...unanswered, c.id] : unanswered,
    });
    if (!live) return;
    if (placed.arrived === 'mine' && !this.taking.has(c.id)) {
      // Its visitor's messages so far are news to me too.
      void this.countUnread([c], this.generation);
      this.alert(
        'newChat',
        false,
        t('New conversation'),
        t('{visitor} is waiting for your answer', { visitor: visitorLabel(c) }),
        c.id,
      );
    } else if (placed.arrived === 'queue') {
      this.alert(
        'newChat',
        false,
        t('New chat in the queue'),
        t('{visitor} is waiting', { visitor: visitorLabel(c) }),
        c.id,
      );
    }
  }

  private onMention(m: MentionView): void {
    this.alert('mention', true, t('{name} mentioned you', { name: m.by.name }), m.excerpt, m.conversationId);
  }

  /** An alert for an event, as this user chose: which events, with sound, with a desktop notification. */
  private alert(event: 'newChat' | 'newMessage' | 'mention', soft: boolean, title: string, body: string, id: string) {
    const prefs = this.alertPrefs.get();
    if (!prefs[event]) return;
    if (prefs.sound) chime(soft);
    if (prefs.desktop)
      notifyDesktop(title, body, () =>
        navigate(this.agent || this.worker ? `/workspace/${id}` : `/conversations/${id}`),
      );
  }

  /** Staff who work in chats open them in the workspace; monitors in History. */
  private get worker(): boolean {
    return this.user.roles.some((r) => r === 'agent' || r === 'admin' || r === 'manager');
  }

  private onMessage(type: 'message.created' | 'message.updated', m: MessageView): void {
    const s = this.state.get();
    const c = s.mine.find((x) => x.id === m.conversationId);
    if (!c) return;
    const updated = withMessage(c, type, m);
    const unseen = countsAsUnread(type, m, {
      seenSeq: this.seen[c.id] ?? 0,
      counted: this.counted.has(m.id),
      onScreen: this.viewing === m.conversationId && document.visibilityState === 'visible',
    });
    if (unseen) {
      this.counted.add(m.id);
      if (this.counted.size > 1000) this.counted.clear();
    }
    this.state.set({
      ...s,
      mine: [...s.mine.filter((x) => x.id !== c.id), updated].sort(byActivity),
      unread: unseen ? { ...s.unread, [c.id]: (s.unread[c.id] ?? 0) + 1 } : s.unread,
      unanswered: answersVisitor(type, m) ? s.unanswered.filter((id) => id !== c.id) : s.unanswered,
    });
    if (unseen) {
      this.alert('newMessage', true, visitorLabel(c), m.attachment ? m.attachment.name : m.text, c.id);
    }
  }

  /**
   * The repeated chime (`general.continuousSound`) starts and stops with what `repeatsChime` says, for a
   * user who wants the new-chat sound.
   */
  private updateRepeat(): void {
    const s = this.state.get();
    const prefs = this.alertPrefs.get();
    const want =
      prefs.sound &&
      prefs.newChat &&
      repeatsChime(this.settings.get()?.['general.continuousSound'], this.agent, s.status, {
        queued: s.queue.length,
        unanswered: s.unanswered.length,
      });
    if (want && !this.repeatTimer) this.repeatTimer = setInterval(() => chime(), REPEAT_SOUND_MS);
    if (!want && this.repeatTimer) {
      clearInterval(this.repeatTimer);
      this.repeatTimer = undefined;
    }
  }
}

function readSeen(key: string): Record<string, number> {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function writeSeen(key: string, seen: Record<string, number>): void {
  try {
    localStorage.setItem(key, JSON.stringify(seen));
  } catch {
    // storage full or denied: unread counts then last until reload
  }
}
