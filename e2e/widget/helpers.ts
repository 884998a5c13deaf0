import type { APIRequestContext, Browser, BrowserContext, FrameLocator, Locator, Page } from '@playwright/test';
import { widgetSnippet, type SnippetOptions } from '../../packages/widget/src/snippet';
import { expect, signIn, type ParleyServer } from '../support';

/** The settings the widget tests change, at their catalog defaults. */
export const widgetDefaults: Record<string, unknown> = {
  'routing.method': 'auto',
  'routing.acceptWithNoOnlineAgents': false,
  'queue.waitingQueue.message': '',
  'queue.processingDelaySeconds': 5,
  'omnichannel.enabled': true,
  'general.fileUploads': true,
  'general.transcript.ask': false,
  'general.transcript.message': 'Would you like a copy of this chat emailed?',
  'livechat.title': 'Parley',
  'livechat.titleColor': '#C1272D',
  'livechat.messageLimit.enabled': false,
  'livechat.messageLimit.max': 0,
  'livechat.offline.displayForm': true,
  'livechat.clearSessionOnEnd': false,
  'livechat.offline.validateEmail': true,
  'livechat.offline.unavailableMessage': '',
  'livechat.offline.title': 'Leave a message',
  'livechat.offline.color': '#666666',
  'livechat.offline.instructions': 'We are not online right now. Please leave a message.',
  'livechat.offline.successMessage': 'Thanks! We will get back to you.',
  'livechat.allowSwitchDepartments': true,
  'livechat.showAgentInfo': true,
  'livechat.showAgentEmail': true,
  'livechat.finished.message': 'Conversation finished',
  'livechat.finished.text': '',
  'livechat.registration.enabled': true,
  'livechat.registration.nameField': true,
  'livechat.registration.emailField': true,
  'livechat.registration.message': '',
  'livechat.navigation.monitor': 'url',
  'livechat.navigation.asMessage': false,
  'livechat.allowedDomains': [],
  'livechat.additionalScripts': [],
  'livechat.additionalCss': [],
  'livechat.hideSystemMessages': [],
  'gdpr.forceConsent': false,
  'gdpr.consentText': '',
  // No mail server unless a test brings its own (then the widget may promise a transcript).
  'email.smtp.host': '',
  'email.smtp.port': 587,
  'email.smtp.security': 'starttls',
};

export async function setSettings(api: APIRequestContext, patch: Record<string, unknown>): Promise<void> {
  const res = await api.patch('/api/v1/settings', { data: patch });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Each test starts from the defaults plus its own changes, with manual routing: conversations wait in
 * the queue until the test's agent takes them.
 */
export async function resetWidgetSettings(api: APIRequestContext, patch: Record<string, unknown> = {}) {
  await setSettings(api, { ...widgetDefaults, 'routing.method': 'manual', ...patch });
}

/** After each test: the defaults again, for whatever test runs next on this server. */
export async function restoreDefaults(api: APIRequestContext) {
  await setSettings(api, widgetDefaults);
}

export interface HostPageOptions extends SnippetOptions {
  /** Calls made right after the snippet (before the loader arrives), e.g. `Parley('setVisitor', …)`. */
  calls?: string[];
  title?: string;
  body?: string;
}

/**
 * A customer's page embedding the widget. Its CSS is deliberately hostile (it targets buttons, iframes
 * and everything else) to prove the Shadow DOM keeps the widget intact. It records every widget event
 * in `window.widgetEvents`.
 */
export function hostPage(parleyUrl: string, o: HostPageOptions = {}): string {
  const name = o.name ?? 'Parley';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title ?? 'Acme Store'}</title>
<style>
  * { font-family: "Comic Sans MS", cursive !important; letter-spacing: 3px; }
  button { background: lime !important; border: 5px dashed red !important; font-size: 40px !important; }
  iframe { display: none !important; }
  div { opacity: 0.99; }
  body { margin: 0; padding: 24px; background: #fafafa; }
</style>
${widgetSnippet(parleyUrl, o)}
<script>
  window.widgetEvents = window.widgetEvents || [];
  ['ready', 'open', 'close', 'chat-started', 'message', 'chat-ended', 'unread'].forEach(function (n) {
    ${name}('on', n, function (d) { window.widgetEvents.push({ instance: ${JSON.stringify(name)}, name: n, data: d }); });
  });
  ${(o.calls ?? []).join('\n  ')}
</script>
</head>
<body>
<h1>Acme Store</h1>
<p>Welcome to our shop.</p>
<button id="host-button" type="button">A host button</button>
${o.body ?? ''}
</body>
</html>`;
}

/** The widget of instance `name` on the page. */
export function widget(page: Page, name = 'Parley') {
  const host = page.locator(`parley-widget[data-parley="${name}"]`);
  const frame: FrameLocator = host.locator('iframe').contentFrame();
  const launcher: Locator = host.locator('button.l');
  return { host, frame, launcher };
}

/** Opens the widget with its launcher and waits for the chat app's first screen. */
export async function openWidget(page: Page, name = 'Parley') {
  const w = widget(page, name);
  await expect(w.launcher).toBeVisible();
  await w.launcher.click();
  await expect(w.host.locator('.p')).toBeVisible();
  return w;
}

/**
 * The visitor token the widget stored (to call the widget API as that visitor): in the frame's storage,
 * or — when the browser denies third-party storage, as this Chromium does — in the host page's.
 */
export async function visitorToken(page: Page): Promise<string | null> {
  const read = (suffix: string) => {
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i)!;
        if (k.endsWith(suffix)) return localStorage.getItem(k);
      }
    } catch {
      // storage denied here
    }
    return null;
  };
  const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
  return (await frame?.evaluate(read, ':visitor-token')) ?? (await page.evaluate(read, ':token'));
}

export async function widgetEvents(page: Page): Promise<Array<{ instance: string; name: string; data: any }>> {
  return page.evaluate(() => (window as any).widgetEvents ?? []);
}

let seq = 0;
export const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${++seq}`;

export interface Agent {
  id: string;
  name: string;
  email: string;
  password: string;
}

export async function createAgent(api: APIRequestContext, name = unique('Alice')): Promise<Agent> {
  const email = `agent.${Date.now().toString(36)}.${++seq}@agents.test`;
  const password = 'agent password 4242';
  const res = await api.post('/api/v1/users', { data: { email, name, password, roles: ['agent'] } });
  expect(res.status(), await res.text()).toBe(201);
  return { id: (await res.json()).id, name, email, password };
}

/**
 * An agent at work: signed in in its own browser context, available, and holding a realtime connection
 * (an agent counts as online only while connected). It records the frames it receives.
 */
export class AgentSession {
  private constructor(
    readonly agent: Agent,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly api: APIRequestContext,
  ) {}

  static async start(browser: Browser, parley: ParleyServer, agent: Agent): Promise<AgentSession> {
    const context = await browser.newContext({ baseURL: parley.url });
    const page = await context.newPage();
    await page.goto('/readyz');
    await signIn(page.request, parley.url, { email: agent.email, password: agent.password });
    const res = await page.request.put('/api/v1/agents/me/status', { data: { availability: 'available' } });
    expect(res.status(), await res.text()).toBe(200);
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const w = window as any;
          w.frames_ = [];
          const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
          w.ws_ = ws;
          ws.onmessage = (e) => {
            const f = JSON.parse(String(e.data));
            w.frames_.push(f);
            if (f.type === 'ready') resolve();
          };
          ws.onerror = () => reject(new Error('agent websocket failed'));
        }),
    );
    const session = new AgentSession(agent, context, page, page.request);
    await expect.poll(() => session.presence()).toBe('online');
    return session;
  }

  async presence(): Promise<string> {
    const res = await this.api.get('/api/v1/agents/me/status');
    return (await res.json()).presence;
  }

  /** Waits for the visitor's queued conversation (by visitor name) and returns its id. */
  async findConversation(visitorName: string, status = 'queued'): Promise<string> {
    let id: string | undefined;
    await expect
      .poll(async () => {
        const res = await this.api.get(`/api/v1/conversations?status=${status}&limit=100`);
        const items = (await res.json()).items as Array<{ id: string; visitor: { name: string | null } }>;
        id = items.find((c) => c.visitor.name === visitorName)?.id;
        return id;
      })
      .toBeTruthy();
    return id!;
  }

  async take(conversationId: string): Promise<void> {
    const res = await this.api.post(`/api/v1/conversations/${conversationId}/take`);
    expect(res.status(), await res.text()).toBe(200);
  }

  /**
   * The visitor's conversation, served by this agent: taken from the queue, or already given to this
   * agent (when routing assigns automatically). Subscribes this agent's socket to it.
   */
  async claim(visitorName: string): Promise<string> {
    let found: { id: string; status: string; agent: { id: string } | null } | undefined;
    await expect
      .poll(async () => {
        const res = await this.api.get('/api/v1/conversations?status=queued,open&limit=100');
        const items = (await res.json()).items as Array<typeof found & { visitor: { name: string | null } }>;
        found = items.find((c) => c!.visitor.name === visitorName);
        return found?.id;
      })
      .toBeTruthy();
    await this.follow(found!.id);
    if (found!.status === 'queued') {
      const res = await this.api.post(`/api/v1/conversations/${found!.id}/take`);
      if (res.status() !== 200) {
        // Routing may have been faster: fine, as long as it is ours.
        const now = await (await this.api.get(`/api/v1/conversations/${found!.id}`)).json();
        expect(now.agent?.id, await res.text()).toBe(this.agent.id);
      }
    } else expect(found!.agent?.id).toBe(this.agent.id);
    return found!.id;
  }

  async follow(conversationId: string): Promise<void> {
    await this.page.evaluate(
      (id) => (window as any).ws_.send(JSON.stringify({ type: 'subscribe', topic: 'conversation', id, since: 0 })),
      conversationId,
    );
  }

  async say(conversationId: string, text: string): Promise<void> {
    const res = await this.api.post(`/api/v1/conversations/${conversationId}/messages`, { data: { text } });
    expect(res.status(), await res.text()).toBe(201);
  }

  async typing(conversationId: string, typing: boolean): Promise<void> {
    await this.page.evaluate(
      ([id, on]) => (window as any).ws_.send(JSON.stringify({ type: 'typing', conversationId: id, typing: on })),
      [conversationId, typing] as const,
    );
  }

  async close(conversationId: string): Promise<void> {
    const res = await this.api.post(`/api/v1/conversations/${conversationId}/close`, { data: {} });
    expect(res.status(), await res.text()).toBe(200);
  }

  async messages(conversationId: string): Promise<
    Array<{
      text: string;
      kind: string;
      systemType: string | null;
      author: { type: string };
      attachment: unknown;
      data: any;
    }>
  > {
    const res = await this.api.get(`/api/v1/conversations/${conversationId}/messages?limit=500`);
    return (await res.json()).items;
  }

  /** Frames this agent's socket received. */
  async frames(): Promise<any[]> {
    return this.page.evaluate(() => (window as any).frames_);
  }

  async stop(): Promise<void> {
    await this.context.close();
  }
}

/** A 24×16 blue PNG. */
export const bluePng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAGklEQVR4nGPgjv9PFcQwatCoQaMGjRpEGQIAKt4dn15LgP4AAAAASUVORK5CYII=',
  'base64',
);
