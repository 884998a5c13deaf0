import type { Page } from '@playwright/test';
import {
  expect,
  saveScreenshot,
  serveStaticSite,
  test,
  type StaticSite,
  startMailSink,
  type MailSink,
} from '../support';
import {
  AgentSession,
  bluePng,
  createAgent,
  hostPage,
  resetWidgetSettings,
  restoreDefaults,
  unique,
  visitorToken,
  widget,
  widgetEvents,
} from '../widget/helpers';

let site: StaticSite | undefined;
let agent: AgentSession | undefined;
let smtp: MailSink | undefined;
test.afterEach(async ({ api }) => {
  await restoreDefaults(api);
  await agent?.stop();
  await site?.close();
  await smtp?.close();
  agent = undefined;
  site = undefined;
  smtp = undefined;
});

/** A mail server on loopback for the transcript, and the settings that send through it. */
async function mailSink(): Promise<{ mails: Array<{ to: string[]; raw: string }>; settings: Record<string, unknown> }> {
  const mails: Array<{ to: string[]; raw: string }> = [];
  smtp = await startMailSink(mails);
  const port = smtp!.port;
  return {
    mails,
    settings: { 'email.smtp.host': '127.0.0.1', 'email.smtp.port': port, 'email.smtp.security': 'none' },
  };
}

test('pre-chat form → chat with an agent, live both ways → file → close → transcript', async ({
  page,
  parley,
  api,
  browser,
}) => {
  const sink = await mailSink();
  await resetWidgetSettings(api, {
    ...sink.settings,
    'livechat.title': 'Acme Support',
    'livechat.titleColor': '#0B5FFF',
    'livechat.registration.message': 'Tell us who you are and we will be right with you.',
    'general.transcript.ask': true,
    'general.transcript.message': 'Want a copy of this chat?',
    'livechat.finished.text': 'Thanks for chatting with Acme.',
    'queue.waitingQueue.message': 'All our agents are busy, hang on.',
  });
  agent = await AgentSession.start(browser, parley, await createAgent(api, unique('Alice Agent')));
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await page.goto(site.url('/'));
  const { frame, launcher, host } = widget(page);
  await expect(launcher).toBeVisible();
  // The launcher wears the title color, and the host's hostile CSS (lime dashed buttons, hidden iframes)
  // does not reach into the shadow root.
  await expect(launcher).toHaveCSS('background-color', 'rgb(11, 95, 255)');
  await expect(launcher).toHaveCSS('border-top-width', '0px');
  await expect(launcher).toHaveAccessibleName('Open chat');
  await saveScreenshot(page, 'widget-launcher');

  await launcher.click();
  await expect(host.locator('iframe')).toBeVisible();
  await expect(frame.getByRole('heading', { name: 'Acme Support' })).toBeVisible();
  await expect(host.locator('iframe')).toHaveAttribute('title', 'Chat with Acme Support');
  await expect(frame.getByText('Tell us who you are and we will be right with you.')).toBeVisible();
  await expect(frame.locator('.hd')).toHaveCSS('background-color', 'rgb(11, 95, 255)');
  const visitorName = unique('Vera Visitor');
  await frame.getByLabel('Name').fill(visitorName);
  await frame.getByLabel('Email').fill('vera@example.com');
  await frame.getByLabel('Message (optional)').fill('Hello, I need help with my order');
  await saveScreenshot(page, 'widget-prechat');
  await frame.getByRole('button', { name: 'Start chat' }).click();

  const log = frame.getByRole('list', { name: 'Messages' });
  const mine = log.locator('.m.me');
  await expect(mine.filter({ hasText: 'Hello, I need help with my order' })).toContainText('Sent');
  // Queued: position (and estimated wait when known) with the waiting-queue message.
  await expect(frame.locator('.banner')).toHaveText(
    /^You are number \d+ in the queue\.( Estimated wait: about \d+ min\.)? All our agents are busy, hang on\.$/,
  );
  await saveScreenshot(page, 'widget-queued');

  const id = await agent.claim(visitorName);
  await expect(frame.locator('.banner')).toBeHidden();
  const agentBox = frame.locator('.agent');
  await expect(agentBox).toContainText(agent.agent.name);
  await expect(agentBox).toContainText(agent.agent.email);
  await expect(log.getByText(`${agent.agent.name} joined the conversation`)).toBeVisible();

  // Typing, both ways.
  await agent.typing(id, true);
  await expect(frame.getByText(`${agent.agent.name} is typing…`)).toBeVisible();
  await agent.say(id, 'Hi! Let me check that for you.');
  const theirs = log.locator('.m.them');
  await expect(theirs.filter({ hasText: 'Hi! Let me check that for you.' })).toContainText(agent.agent.name);
  await expect(frame.getByText(`${agent.agent.name} is typing…`)).toBeHidden();
  await expect(frame.locator('.sr[aria-live="polite"]')).toContainText('Hi! Let me check that for you.');

  const input = frame.getByRole('textbox', { name: 'Message' });
  await input.pressSequentially('My order');
  await expect
    .poll(async () =>
      (await agent!.frames()).some((f) => f.type === 'typing' && f.author?.type === 'visitor' && f.typing),
    )
    .toBe(true);
  await input.fill('My order number is 1234');
  await input.press('Enter');
  await expect(mine.filter({ hasText: 'My order number is 1234' })).toContainText('Sent');
  await expect.poll(async () => (await agent!.messages(id)).map((m) => m.text)).toContain('My order number is 1234');

  // A file, with an image preview.
  await frame
    .locator('input[type=file]')
    .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: bluePng });
  const preview = mine.locator('img[alt="receipt.png"]');
  await expect(preview).toBeVisible();
  await expect(mine.filter({ has: frame.locator('img[alt="receipt.png"]') })).toContainText('Sent');
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(24);
  await expect
    .poll(async () =>
      (await agent!.messages(id)).some((m) => (m.attachment as { name?: string } | null)?.name === 'receipt.png'),
    )
    .toBe(true);
  await saveScreenshot(page, 'widget-chat');

  // The agent closes: finished message, text, transcript prompt.
  await agent.close(id);
  await expect(frame.getByRole('heading', { name: 'Conversation finished' })).toBeVisible();
  await expect(frame.getByText('Thanks for chatting with Acme.')).toBeVisible();
  await expect(frame.getByText('Want a copy of this chat?')).toBeVisible();
  await expect(frame.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  await saveScreenshot(page, 'widget-finished');
  await expect(frame.getByLabel('Email')).toHaveValue('vera@example.com');
  await frame.getByRole('button', { name: 'Send me the transcript' }).click();
  await expect(frame.getByText('We will email the transcript to vera@example.com.')).toBeVisible();
  // …and it is kept: the transcript reaches the mail server.
  await expect
    .poll(() => sink.mails.find((m) => m.to.includes('vera@example.com'))?.raw ?? '')
    .toContain('Transcript of your conversation');

  await expect
    .poll(async () => (await widgetEvents(page)).map((e) => e.name))
    .toEqual(expect.arrayContaining(['ready', 'open', 'chat-started', 'message', 'chat-ended']));

  // A new chat: the visitor is known, so straight to the composer.
  await frame.getByRole('button', { name: 'Start a new chat' }).click();
  await expect(frame.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(frame.locator('.m')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

/** Registers through the pre-chat form and sends a first message; returns the visitor's name. */
async function startChat(page: Page, first: string, name = unique('Vic Visitor')) {
  const { frame } = widget(page);
  await frame.getByLabel('Name').fill(name);
  await frame.getByLabel('Email').fill('vic@example.com');
  await frame.getByLabel('Message (optional)').fill(first);
  await frame.getByRole('button', { name: 'Start chat' }).click();
  await expect(frame.locator('.m.me').filter({ hasText: first })).toContainText('Sent');
  return name;
}

test('reload and navigation mid-chat restore the conversation; unread badge while closed', async ({
  page,
  parley,
  api,
  browser,
}) => {
  await resetWidgetSettings(api);
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  const page2 = hostPage(parley.url, { title: 'Acme Pricing' });
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url), '/pricing': page2 } });
  await page.goto(site.url('/'));
  const { frame, launcher, host } = widget(page);
  await launcher.click();
  const visitor = await startChat(page, 'Where is my parcel?');
  const id = await agent.claim(visitor);
  await agent.say(id, 'It left our warehouse today.');
  const log = frame.getByRole('list', { name: 'Messages' });
  await expect(log).toContainText('It left our warehouse today.');

  await page.reload();
  // Still open (remembered for the tab), same conversation, history restored, nothing twice.
  await expect(host.locator('.p')).toBeVisible();
  await expect(log.locator('.m.me')).toHaveText([/Where is my parcel\?/]);
  await expect(log.locator('.m.them')).toHaveText([/It left our warehouse today\./]);
  await expect(frame.getByLabel('Name')).toHaveCount(0);
  await expect(frame.locator('.agent')).toContainText(agent.agent.name);

  // Another page of the site: the same conversation follows.
  await page.goto(site.url('/pricing'));
  await expect(log.locator('.m.them')).toHaveText([/It left our warehouse today\./]);
  await frame.getByRole('textbox', { name: 'Message' }).fill('Thanks!');
  await frame.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(log.locator('.m.me').last()).toContainText('Sent');

  // Closed widget: agent messages count on the launcher badge, and a chime plays (WebAudio: counted
  // here by the oscillators it creates, two per chime).
  const chatFrame = page.frames().find((f) => f.url().includes('/widget/frame.html'))!;
  await chatFrame.evaluate(() => {
    const w = window as any;
    w.oscillators = 0;
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.oscillators++;
      return original.call(this);
    };
  });
  await launcher.click();
  await expect(host.locator('.p')).toBeHidden();
  await expect(launcher).toHaveAccessibleName('Open chat');
  await agent.say(id, 'You are welcome.');
  await agent.say(id, 'Anything else?');
  await expect(launcher.locator('.b')).toHaveText('2');
  await expect(launcher).toHaveAccessibleName('Open chat (2)');
  await expect.poll(() => chatFrame.evaluate(() => (window as any).oscillators)).toBe(4);
  await saveScreenshot(page, 'widget-unread');
  await expect
    .poll(async () => (await widgetEvents(page)).filter((e) => e.name === 'message').map((e) => e.data.text))
    .toEqual(['You are welcome.', 'Anything else?']);
  await launcher.click();
  await expect(launcher.locator('.b')).toBeHidden();
  await expect(log.locator('.m.them').last()).toContainText('Anything else?');
});

test('markup in messages and names is shown as text and runs nothing', async ({ page, parley, api, browser }) => {
  await resetWidgetSettings(api);
  const evil = '<img src=x onerror=alert(1)>';
  agent = await AgentSession.start(browser, parley, await createAgent(api, `Mallory <img src=x onerror=alert(4)>`));
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  const visitor = await startChat(page, evil, `Vic <b onmouseover=alert(2)>bold</b> ${Date.now()}`);
  const id = await agent.claim(visitor);
  await agent.say(id, `<script>alert(3)</script>${evil} https://example.com/help?q=<b>`);
  const log = frame.getByRole('list', { name: 'Messages' });
  await expect(log.locator('.m.me .txt')).toHaveText(evil);
  await expect(log.locator('.m.them .txt')).toHaveText(
    `<script>alert(3)</script>${evil} https://example.com/help?q=<b>`,
  );
  await expect(frame.locator('.agent .an')).toHaveText(agent.agent.name);
  // Only the link became an element; no image, no script.
  await expect(log.locator('img, script, b')).toHaveCount(0);
  await expect(log.locator('.m.them a')).toHaveAttribute('href', 'https://example.com/help?q=');
  await log.locator('.m.them .txt').hover();
  expect(dialogs).toEqual([]);
});

test('after a network loss the chat reconnects and resumes: nothing missed, nothing twice', async ({
  page,
  parley,
  api,
  browser,
}) => {
  await resetWidgetSettings(api);
  agent = await AgentSession.start(browser, parley, await createAgent(api));
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  // Every widget socket goes through this route, so the test can cut the line and restore it.
  let cut = false;
  const sockets: Array<{ close(): Promise<void> }> = [];
  await page.context().routeWebSocket(/\/ws$/, (ws) => {
    if (cut) return void ws.close({ code: 1006 });
    ws.connectToServer();
    sockets.push(ws);
  });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  const visitor = await startChat(page, 'Hello there');
  const id = await agent.claim(visitor);
  await agent.say(id, 'one');
  const log = frame.getByRole('list', { name: 'Messages' });
  await expect(log.locator('.m.them')).toHaveText([/one/]);

  cut = true;
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await expect(frame.locator('.banner')).toHaveText('Connection lost. Reconnecting…');
  await agent.say(id, 'two');
  await agent.say(id, 'three');
  cut = false;
  await frame.locator('body').evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(log.locator('.m.them')).toHaveText([/one/, /two/, /three/]);
  await expect(frame.locator('.banner')).toBeHidden();
  await agent.say(id, 'four');
  await expect(log.locator('.m.them')).toHaveText([/one/, /two/, /three/, /four/]);
});

test('queue position updates live while queued', async ({ browser, parley, api }) => {
  await resetWidgetSettings(api, {
    'routing.acceptWithNoOnlineAgents': true,
    'queue.waitingQueue.message': 'Thanks for your patience.',
    'queue.processingDelaySeconds': 1,
  });
  // A department of its own, so that only this test's visitors are in its queue.
  const dept = await (
    await api.post('/api/v1/departments', {
      data: { name: unique('Queue test'), showOnRegistration: false, showOnOfflineForm: false },
    })
  ).json();
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    // Agents reach the queue of their own departments only (routing.showQueueToAllAgents is off).
    const member = await createAgent(api);
    const joined = await api.put(`/api/v1/departments/${dept.id}/agents`, { data: { agents: [member.id] } });
    expect(joined.status(), await joined.text()).toBe(200);
    agent = await AgentSession.start(browser, parley, member);
    site = await serveStaticSite({
      pages: { '/': hostPage(parley.url, { calls: [`Parley('setDepartment', ${JSON.stringify(dept.id)});`] }) },
    });
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const names: string[] = [];
    for (const p of pages) {
      await p.goto(site.url('/'));
      await widget(p).launcher.click();
      names.push(await startChat(p, 'In the queue'));
    }
    const [a, b] = pages.map((p) => widget(p).frame.locator('.banner'));
    await expect(a!).toHaveText(/^You are number 1 in the queue\..* Thanks for your patience\.$/);
    await expect(b!).toHaveText(/^You are number 2 in the queue\..* Thanks for your patience\.$/);
    await saveScreenshot(pages[1]!, 'widget-queue-position');

    const first = await agent.claim(names[0]!);
    await expect(a!).toBeHidden();
    await expect(b!).toHaveText(/^You are number 1 in the queue\./);
    const second = await agent.claim(names[1]!);
    await expect(b!).toBeHidden();
    for (const id of [first, second]) await agent.close(id);
  } finally {
    for (const c of contexts) await c.close();
    await api.post(`/api/v1/departments/${dept.id}/archive`, { data: {} });
  }
});

test('without a mail server the widget promises no transcript', async ({ page, parley, api }) => {
  await resetWidgetSettings(api, {
    'routing.acceptWithNoOnlineAgents': true,
    'general.transcript.ask': true,
    'general.transcript.message': 'Want a copy of this chat?',
  });
  site = await serveStaticSite({ pages: { '/': hostPage(parley.url) } });
  await page.goto(site.url('/'));
  const { frame, launcher } = widget(page);
  await launcher.click();
  await frame.getByLabel('Name').fill(unique('Nomail'));
  await frame.getByLabel('Email').fill('nomail@example.com');
  await frame.getByLabel('Message (optional)').fill('Just a question');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  await expect(frame.locator('.m.me').filter({ hasText: 'Just a question' })).toContainText('Sent');
  const headers = { 'x-parley-visitor-token': (await visitorToken(page))! };
  const { conversation } = await (
    await page.request.get(`${parley.url}/api/v1/widget/conversations/active`, { headers })
  ).json();
  await page.request.post(`${parley.url}/api/v1/widget/conversations/${conversation.id}/close`, { headers, data: {} });
  await expect(frame.getByRole('heading', { name: 'Conversation finished' })).toBeVisible();
  await expect(frame.getByText('Want a copy of this chat?')).toHaveCount(0);
  await expect(frame.getByRole('button', { name: 'Send me the transcript' })).toHaveCount(0);
  await saveScreenshot(page, 'widget-finished-no-email');
});
