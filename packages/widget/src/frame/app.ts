import type {
  PageViewReport,
  VerificationStatus,
  VisitorConversationView,
  VisitorPatch,
  VisitorRegistration,
  VisitorView,
} from '@parley/shared';
import type { HostToFrame } from '../protocol';
import { api, ApiError, configureApi } from './api';
import { embedded, hostEvent, hostOrigin, initialDepartment, initialLanguage, onHost, toHost } from './bridge';
import { fill, h } from './dom';
import { language, setLanguage, t } from './i18n';
import { ChatScreen } from './screens/chat';
import { OfflineScreen } from './screens/offline';
import { PrechatScreen } from './screens/prechat';
import { MessageScreen } from './screens/message';
import { VerifyScreen } from './screens/verify';
import { loadToken, saveToken, tokenFromHost } from './session';
import { unlockSound } from './sound';
import { bool, list, str, type Config, type State } from './state';
import { textOn, type Screen } from './ui';

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The chat app: loads the configuration, picks the screen, and talks to the host page. */
export class App {
  readonly state: State;
  private screen: Screen | undefined;
  private readonly main = h('div', { class: 'app' });
  private readonly live = h('div', { class: 'sr', 'aria-live': 'polite', 'aria-atomic': 'true' });
  private page: { url: string; title: string } | undefined;
  private pageKey: string | undefined;
  private unread = 0;
  private extrasLoaded = false;
  private hostInit: (m: { token: string | null; user?: unknown }) => void = () => undefined;
  /** Until the first screen shows, host commands only adjust the state boot() then uses. */
  private booted = false;
  private requestedLanguage: string | undefined;

  constructor() {
    this.state = {
      config: { settings: {}, departments: [], customFields: [], online: false, nextOpenAt: null, enabled: false },
      token: loadToken(),
      visitor: null,
      conversation: null,
      departmentId: initialDepartment && uuidRe.test(initialDepartment) ? initialDepartment : null,
      prefill: {},
      open: !embedded,
      user: null,
      verification: null,
    };
  }

  async boot(): Promise<void> {
    document.body.append(this.main, this.live);
    // A page posing as another site gets nothing.
    if (!hostOrigin) return;
    configureApi({ hostOrigin, token: () => this.state.token, user: () => this.state.user });
    onHost((m) => void this.fromHost(m));
    addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && embedded) toHost({ t: 'close' });
    });
    addEventListener('pointerdown', unlockSound, { capture: true });
    addEventListener('keydown', unlockSound, { capture: true });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && this.state.open) this.markRead();
    });
    const init = new Promise<{ token: string | null; user?: unknown }>((resolve) => {
      this.hostInit = resolve;
      // A loader that never answers must not leave the app waiting forever.
      if (embedded) setTimeout(() => resolve({ token: null }), 5000);
    });
    toHost({ t: 'hello' });
    fill(this.main, h('p', { class: 'loading', role: 'status' }, t('loading')));
    // The loader's answer carries the signed user (Parley('setUser')): every call, the first too, needs it.
    const fromHost = embedded ? await init : { token: null };
    this.state.user = hostUser(fromHost.user);
    if (tokenFromHost) this.state.token = loadToken(fromHost.token);
    await setLanguage(this.requestedLanguage ?? initialLanguage ?? navigator.language ?? 'en');
    if (!(await this.loadConfig())) return;
    this.loadExtras();
    const s = this.state;
    toHost({ t: 'ready', enabled: s.config.enabled, online: s.config.online, ...this.look() });
    this.route();
    this.booted = true;
  }

  /** Fetches the configuration (and, with a token, the visitor and their active conversation). */
  async loadConfig(): Promise<boolean> {
    const s = this.state;
    const q = s.departmentId ? `?departmentId=${encodeURIComponent(s.departmentId)}` : '';
    let config: Config;
    try {
      config = await api<Config>('GET', `config${q}`).catch((e: unknown) => {
        // The stored visitor belongs to another signed-in user (or to a user who signed out): start afresh.
        if (!(e instanceof ApiError && e.code === 'identity.invalid' && s.token)) throw e;
        this.forget();
        return api<Config>('GET', `config${q}`);
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'origin.not-allowed') {
        fill(this.main);
        return false;
      }
      this.show(
        new MessageScreen(this, t(e instanceof ApiError && e.status === 0 ? 'networkError' : 'genericError'), true),
      );
      return false;
    }
    s.config = config;
    if (s.token && !config.visitor) this.forget();
    s.visitor = config.visitor ?? null;
    s.conversation = config.conversation ?? null;
    s.verification = null;
    if (s.token && this.verificationRequired())
      s.verification = await api<VerificationStatus>('GET', 'verification').catch(() => null);
    return true;
  }

  /** The server refuses unverified chats (`livechat.identity.enforce`, `livechat.verification.emailRequired`). */
  verificationRequired(): boolean {
    return bool(this.state, 'livechat.identity.enforce') || bool(this.state, 'livechat.verification.emailRequired');
  }

  /** A chat needs the email code first: required, not verified, and no signed user to register with. */
  needsVerification(): boolean {
    const s = this.state;
    // A signed user is verified by the server at registration or their first call.
    return this.verificationRequired() && !s.verification?.verified && !s.user;
  }

  /** `livechat.additionalCss` / `additionalScripts`: loaded into this frame (the CSP allows their origins). */
  private loadExtras(): void {
    if (this.extrasLoaded) return;
    this.extrasLoaded = true;
    for (const href of list(this.state, 'livechat.additionalCss'))
      if (/^https:\/\//i.test(href)) document.head.append(h('link', { rel: 'stylesheet', href }));
    for (const src of list(this.state, 'livechat.additionalScripts'))
      if (/^https:\/\//i.test(src)) document.head.append(h('script', { src, async: true }));
  }

  /** The launcher's color and labels. */
  look() {
    const s = this.state;
    const online = s.config.online || !!s.conversation;
    const color = online ? str(s, 'livechat.titleColor') || '#C1272D' : str(s, 'livechat.offline.color') || '#666666';
    const title = t('chatWith', { name: str(s, 'livechat.title') || 'Parley' });
    return { color, label: t('openChat'), closeLabel: t('closeChat'), title };
  }

  updateLook(): void {
    toHost({ t: 'look', online: this.state.config.online || !!this.state.conversation, ...this.look() });
  }

  needsRegistration(): boolean {
    const s = this.state;
    const consent = bool(s, 'gdpr.forceConsent');
    if (!s.token) return bool(s, 'livechat.registration.enabled') || consent;
    return consent && !s.visitor?.consentAt;
  }

  /** Picks the screen for the current state. */
  route(): void {
    const s = this.state;
    const root = document.documentElement;
    const accent = str(s, 'livechat.titleColor') || '#C1272D';
    document.title = str(s, 'livechat.title') || 'Chat';
    root.lang = language();
    root.style.setProperty('--accent', accent);
    root.style.setProperty('--accent-text', textOn(accent));
    if (!s.config.enabled) this.show(new MessageScreen(this, t('disabled')));
    else if (s.conversation) this.show(new ChatScreen(this));
    else if (!s.config.online) this.show(new OfflineScreen(this));
    else if (this.needsRegistration()) this.show(new PrechatScreen(this));
    else if (this.needsVerification()) this.show(new VerifyScreen(this));
    else this.show(new ChatScreen(this));
  }

  private show(screen: Screen): void {
    const hadFocus = this.main.contains(document.activeElement);
    this.screen?.destroy?.();
    this.screen = screen;
    fill(this.main, screen.el);
    if (hadFocus || (this.state.open && embedded)) screen.focus();
  }

  /** Politely tells screen-reader users (new messages, results). */
  announce(text: string): void {
    this.live.textContent = '';
    setTimeout(() => (this.live.textContent = text), 50);
  }

  setToken(token: string, visitor: VisitorView): void {
    this.state.token = token;
    this.state.visitor = visitor;
    saveToken(token);
    this.reportPage();
  }

  /** Drops the visitor session (invalid token, or `livechat.clearSessionOnEnd` after the chat). */
  forget(): void {
    this.state.token = null;
    this.state.visitor = null;
    this.pageKey = undefined;
    saveToken(null);
  }

  /** Registers the visitor if needed (registration form off): with what the host page told us. */
  async ensureVisitor(): Promise<void> {
    const s = this.state;
    if (s.token) return;
    const p = s.prefill;
    const body = {
      ...(p.name ? { name: p.name } : {}),
      ...(p.email ? { email: p.email } : {}),
      ...(p.phone ? { phone: p.phone } : {}),
      ...(p.customFields ? { customFields: p.customFields } : {}),
      ...(s.departmentId ? { departmentId: s.departmentId } : {}),
    } satisfies VisitorRegistration;
    const r = await api<{ token: string; visitor: VisitorView }>('POST', 'visitors', body, this.pageHeader());
    this.setToken(r.token, r.visitor);
  }

  pageHeader(): Record<string, string> {
    return this.page ? { 'x-parley-page-url': this.page.url.slice(0, 2000) } : {};
  }

  /** A conversation started (or resumed) — from the chat screen's first message. */
  conversationStarted(c: VisitorConversationView, created: boolean): void {
    this.state.conversation = c;
    if (created) hostEvent('chat-started', { conversationId: c.id });
    this.updateLook();
    this.reportPage(true);
  }

  /** Nobody can take the chat after all: the offline form (keeping what was typed). */
  goOffline(text?: string): void {
    this.state.config.online = false;
    this.updateLook();
    this.show(new OfflineScreen(this, text));
  }

  conversationClosed(c: VisitorConversationView): void {
    this.state.conversation = c;
    hostEvent('chat-ended', { conversationId: c.id, closedBy: c.closedBy });
    // The token stays in memory for the transcript request and attachments, but is no longer stored.
    if (bool(this.state, 'livechat.clearSessionOnEnd')) saveToken(null);
  }

  async startNew(): Promise<void> {
    const s = this.state;
    if (bool(s, 'livechat.clearSessionOnEnd')) this.forget();
    s.conversation = null;
    if (await this.loadConfig()) {
      this.updateLook();
      this.route();
    }
  }

  /** An agent message arrived live: badge, sound and event are handled here. */
  agentMessage(data: { id: string; text: string; author: string | null }): void {
    hostEvent('message', data);
    if (!this.state.open || document.hidden) {
      this.unread++;
      toHost({ t: 'unread', count: this.unread });
    }
  }

  private markRead(): void {
    if (this.unread === 0) return;
    this.unread = 0;
    toHost({ t: 'unread', count: 0 });
  }

  private async fromHost(m: HostToFrame): Promise<void> {
    const s = this.state;
    switch (m.t) {
      case 'init':
        return this.hostInit({ token: typeof m.token === 'string' && m.token ? m.token : null, user: m.user });
      case 'user': {
        const user = hostUser(m.user);
        if (JSON.stringify(user) === JSON.stringify(s.user)) return;
        s.user = user;
        // Signed in or out on the host page: the visitor is read again (another user starts afresh).
        if (this.booted && (await this.loadConfig())) {
          this.updateLook();
          this.route();
        }
        return;
      }
      case 'open':
        s.open = true;
        this.markRead();
        this.screen?.focus();
        // Someone may have come online (or gone) since the page loaded.
        if (this.booted && !s.conversation && this.screen?.pristine?.()) {
          const wasOnline = s.config.online;
          if ((await this.loadConfig()) && s.config.online !== wasOnline) {
            this.updateLook();
            this.route();
          }
        }
        return;
      case 'closed':
        s.open = false;
        return;
      case 'visitor': {
        const v = m.visitor ?? {};
        const clean = {
          ...(typeof v.name === 'string' ? { name: v.name } : {}),
          ...(typeof v.email === 'string' ? { email: v.email } : {}),
          ...(typeof v.phone === 'string' ? { phone: v.phone } : {}),
          ...(v.customFields && typeof v.customFields === 'object' ? { customFields: v.customFields } : {}),
        } satisfies VisitorPatch;
        s.prefill = { ...s.prefill, ...clean };
        this.screen?.prefill?.();
        if (s.token && Object.keys(clean).length > 0) {
          s.visitor = await api<VisitorView>('PATCH', 'visitor', clean).catch(() => s.visitor);
        }
        return;
      }
      case 'department': {
        const id = m.id && uuidRe.test(m.id) ? m.id : null;
        if (id === s.departmentId) return;
        s.departmentId = id;
        if (this.booted && !s.conversation && (await this.loadConfig())) {
          this.updateLook();
          if (this.screen?.pristine?.() !== false) this.route();
        }
        return;
      }
      case 'language':
        if (!this.booted) return void (this.requestedLanguage = String(m.language));
        await setLanguage(String(m.language));
        document.documentElement.lang = language();
        this.updateLook();
        if (this.screen instanceof ChatScreen) this.screen.redraw();
        else this.route();
        return;
      case 'page':
        if (typeof m.url === 'string' && /^https?:\/\//.test(m.url)) {
          this.page = { url: m.url, title: typeof m.title === 'string' ? m.title.slice(0, 500) : '' };
          this.reportPage();
        }
        return;
    }
  }

  /** Navigation history, by URL or by title (`livechat.navigation.monitor`). */
  reportPage(force = false): void {
    const s = this.state;
    if (!this.page || !s.token) return;
    const key = str(s, 'livechat.navigation.monitor') === 'title' ? this.page.title : this.page.url;
    if (key === this.pageKey && !force) return;
    this.pageKey = key;
    const view: PageViewReport = { url: this.page.url.slice(0, 2000), title: this.page.title };
    void api('POST', 'page-views', view).catch(() => undefined);
  }
}

/** A host user as the loader passed it, or null when it is not `{ id, hash }` strings. */
function hostUser(u: unknown): { id: string; hash: string } | null {
  if (!u || typeof u !== 'object') return null;
  const { id, hash } = u as Record<string, unknown>;
  return typeof id === 'string' && id && typeof hash === 'string' && hash ? { id, hash } : null;
}
