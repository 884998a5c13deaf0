import type { Envelope, FrameToHost, HostToFrame, WidgetEventName } from '../protocol';
import { css } from './styles';

/**
 * The async loader a site embeds (see src/snippet.ts). It reads its own URL to find the Parley server,
 * replaces the snippet's queue function `window[name]` with the real API, and draws a launcher button
 * and the chat iframe inside a Shadow DOM (the host's CSS cannot reach in, ours cannot leak out).
 * Everything is keyed by the instance name, so several Parley servers on one page never collide.
 */

type Listener = (data: unknown) => void;
interface Api {
  (command: string, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
  [method: string]: unknown;
}

const w = window as unknown as Record<string, Api | undefined>;
const doc = document;
const script = doc.currentScript as HTMLScriptElement | null;

if (script?.src) start(script);

function start(script: HTMLScriptElement): void {
  const src = script.src;
  const base = src.replace(/\/widget\/loader\.js([?#].*)?$/, '');
  const serverOrigin = new URL(src).origin;
  const name = script.getAttribute('data-parley') || 'Parley';
  const previous = w[name];
  if (previous?.loaded) return;

  const listeners: Record<string, Listener[]> = {};
  const outbox: HostToFrame[] = [];
  const config: Record<string, string> = {};
  for (const [key, attr] of [
    ['departmentId', 'data-department-id'],
    ['language', 'data-language'],
    ['side', 'data-side'],
  ]) {
    const v = script.getAttribute(attr!);
    if (v) config[key!] = v;
  }
  const storeKey = `parley:${base}:${name}:open`;
  const tokenKey = `parley:${base}:token`;
  let hello = false;
  /** The launcher can be drawn (from the config the loader fetched, or from the chat app). */
  let ready = false;
  /** The chat app inside the frame has booted and takes open/closed. */
  let appReady = false;
  let enabled = false;
  let isOpen = readOpen();
  let unread = 0;
  let labels = ['Open chat', 'Close chat'];
  let lastPage = '';
  /** The host site's signed user (`setUser`): handed to the app with `init`, and again when it changes. */
  let user: unknown = null;

  const emit = (event: string, data?: unknown) => {
    for (const fn of listeners[event] ?? []) {
      try {
        fn(data);
      } catch (err) {
        setTimeout(() => {
          throw err;
        });
      }
    }
  };
  const post = (m: HostToFrame) => {
    if (hello) frame.contentWindow?.postMessage({ ...m, parley: name }, serverOrigin);
    else outbox.push(m);
  };

  const api = ((command: string, ...args: unknown[]) => {
    const a = args[0];
    switch (command) {
      case 'config':
        if (a && typeof a === 'object') Object.assign(config, a);
        if (frame.src) {
          const c = a as Record<string, string>;
          if ('departmentId' in c) post({ t: 'department', id: c.departmentId || null });
          if (c.language) post({ t: 'language', language: c.language });
        }
        return;
      case 'open':
        return setOpen(true);
      case 'close':
        return setOpen(false);
      case 'toggle':
        return setOpen(!isOpen);
      case 'setVisitor':
        return post({ t: 'visitor', visitor: (a ?? {}) as never });
      case 'setUser':
        user = a ?? null;
        if (hello) post({ t: 'user', user: user as never });
        return;
      // Before the frame exists, these become part of its URL.
      case 'setDepartment':
        if (!frame.src) return void (config.departmentId = String(a ?? ''));
        return post({ t: 'department', id: typeof a === 'string' && a ? a : null });
      case 'setLanguage':
        if (!frame.src) return void (config.language = String(a));
        return post({ t: 'language', language: String(a) });
      case 'on':
      case 'off': {
        const fn = args[1] as Listener;
        const list = (listeners[String(a)] ??= []);
        if (command === 'on') list.push(fn);
        else if (list.includes(fn)) list.splice(list.indexOf(fn), 1);
        // A late `ready` listener still hears about it.
        if (command === 'on' && a === 'ready' && ready) fn({ enabled });
        return;
      }
    }
  }) as Api;
  api.loaded = true;
  for (const m of ['open', 'close', 'toggle', 'setVisitor', 'setUser', 'setDepartment', 'setLanguage', 'on', 'off'])
    api[m] = (...args: unknown[]) => api(m, ...args);

  // The shadow DOM: launcher + panel with the iframe.
  const host = doc.createElement('parley-widget');
  host.setAttribute('data-parley', name);
  host.style.cssText =
    'all:initial!important;position:fixed!important;z-index:2147483000!important;bottom:0!important;right:0!important;width:0!important;height:0!important;display:block!important';
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  const panel = doc.createElement('div');
  panel.className = 'p';
  panel.hidden = true;
  const frame = doc.createElement('iframe');
  frame.setAttribute('allow', 'autoplay');
  frame.title = 'Chat';
  panel.append(frame);
  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.className = 'l';
  launcher.hidden = true;
  launcher.setAttribute('aria-expanded', 'false');
  // Built node by node: no innerHTML (host pages may enforce Trusted Types).
  const ns = 'http://www.w3.org/2000/svg';
  const icon = doc.createElementNS(ns, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  const path = doc.createElementNS(ns, 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  icon.append(path);
  const badge = doc.createElement('span');
  badge.className = 'b';
  badge.hidden = true;
  launcher.append(icon, badge);
  launcher.onclick = () => setOpen(!isOpen);
  root.append(panel, launcher);

  // The queued calls of the snippet: configuration first, so the iframe URL carries it.
  for (const call of previous?.q ?? []) api(...(Array.from(call) as [string, ...unknown[]]));
  w[name] = api;
  if (config.side === 'left') host.setAttribute('data-side', 'left');

  // The chat app (~16 KB compressed) loads only when it is needed: at once for a visitor who has a
  // conversation (a stored token) or had the panel open on the previous page, otherwise on the first
  // open. Until then the launcher is drawn from the widget config alone (~1 KB).
  if (storage(0, tokenKey) || isOpen) loadFrame();
  else void fetchLook();

  function loadFrame(): void {
    if (frame.src) return;
    const params = new URLSearchParams({ o: location.origin, n: name });
    if (config.departmentId) params.set('d', config.departmentId);
    if (config.language) params.set('l', config.language);
    frame.src = `${base}/widget/frame.html#${params}`;
  }

  /** The launcher's look from GET /api/v1/widget/config (the frame app's `look()` without the app). */
  async function fetchLook(): Promise<void> {
    const q = config.departmentId ? `?departmentId=${encodeURIComponent(config.departmentId)}` : '';
    let c: { enabled: boolean; online: boolean; settings: Record<string, unknown> };
    try {
      // No credentials and no custom header: a simple CORS request (no preflight), revalidated by ETag.
      const res = await fetch(`${base}/api/v1/widget/config${q}`, { credentials: 'omit', cache: 'no-cache' });
      if (!res.ok) return; // e.g. this site is not in livechat.allowedDomains: no launcher, as before
      c = await res.json();
    } catch {
      return;
    }
    if (frame.src) return; // the app was asked for meanwhile: it draws the launcher itself
    const setting = (k: string) => (typeof c.settings[k] === 'string' ? (c.settings[k] as string) : '');
    launcher.style.background = c.online
      ? setting('livechat.titleColor') || '#C1272D'
      : setting('livechat.offline.color') || '#666666';
    frame.title = `Chat with ${setting('livechat.title') || 'Parley'}`;
    becomeReady(c.enabled, c.online);
  }

  function becomeReady(on: boolean, online: boolean): void {
    const first = !ready;
    ready = true;
    enabled = on;
    launcher.hidden = !enabled;
    draw();
    if (first) emit('ready', { enabled, online });
  }

  addEventListener('message', (e: MessageEvent) => {
    const m = e.data as Envelope<FrameToHost> | null;
    if (e.origin !== serverOrigin || e.source !== frame.contentWindow || !m || m.parley !== name) return;
    switch (m.t) {
      case 'hello':
        hello = true;
        post({ t: 'init', token: storage(0, tokenKey), user: user as never });
        reportPage(true);
        for (const q of outbox.splice(0)) post(q);
        return;
      case 'ready':
      case 'look':
        labels = [m.label, m.closeLabel];
        frame.title = m.title;
        launcher.style.background = m.color;
        if (m.t === 'ready') {
          appReady = true;
          post({ t: isOpen ? 'open' : 'closed' });
          becomeReady(m.enabled, m.online);
        } else draw();
        return;
      case 'open':
        return setOpen(true);
      case 'close':
        return setOpen(false, true);
      case 'unread':
        unread = m.count;
        draw();
        emit('unread', { count: unread });
        return;
      case 'token':
        return void storage(0, tokenKey, m.token);
      case 'event':
        return emit(m.name, m.data);
    }
  });

  function setOpen(open: boolean, fromFrame = false): void {
    const changed = open !== isOpen;
    isOpen = open;
    storage(1, storeKey, open ? '1' : null);
    if (open) loadFrame();
    if (!ready) return;
    // The app, once booted, is told the state it missed in its `ready` handler above.
    if (appReady) post({ t: open ? 'open' : 'closed' });
    draw();
    if (open) frame.focus();
    else if (fromFrame) launcher.focus();
    if (changed) emit((open ? 'open' : 'close') as WidgetEventName);
  }

  function draw(): void {
    const show = ready && enabled;
    panel.hidden = !(show && isOpen);
    host.toggleAttribute('data-open', show && isOpen);
    launcher.setAttribute('aria-expanded', String(show && isOpen));
    const n = isOpen ? 0 : unread;
    badge.hidden = n === 0;
    badge.textContent = n > 9 ? '9+' : String(n);
    launcher.setAttribute('aria-label', isOpen ? labels[1]! : n ? `${labels[0]} (${n})` : labels[0]!);
    launcher.className = isOpen ? 'l o' : 'l';
  }

  function readOpen(): boolean {
    return storage(1, storeKey) === '1';
  }

  /**
   * Reads `key` of localStorage (0) or sessionStorage (1), or writes it when `value` is given (null
   * removes). Blocked storage is not an error.
   */
  function storage(session: 0 | 1, key: string, value?: string | null): string | null {
    try {
      const area = session ? sessionStorage : localStorage;
      if (value === undefined) return area.getItem(key);
      if (value === null) area.removeItem(key);
      else area.setItem(key, value);
    } catch {
      // storage blocked: nothing is remembered
    }
    return null;
  }

  // Navigation history: the first page, then SPA route changes and title changes (the app picks per
  // `livechat.navigation.monitor`).
  function reportPage(force = false): void {
    const key = location.href + '\n' + doc.title;
    if (!hello || (key === lastPage && !force)) return;
    lastPage = key;
    post({ t: 'page', url: location.href, title: doc.title });
  }
  const hist = history as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['pushState', 'replaceState']) {
    const original = hist[m]!;
    hist[m] = function (this: History, ...a: unknown[]) {
      const r = original.apply(this, a);
      reportPage();
      return r;
    };
  }
  addEventListener('popstate', () => reportPage());
  addEventListener('hashchange', () => reportPage());

  const mount = () => {
    (doc.body ?? doc.documentElement).append(host);
    new MutationObserver(() => reportPage()).observe(doc.head ?? doc.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  };
  if (doc.body) mount();
  else doc.addEventListener('DOMContentLoaded', mount);
}
