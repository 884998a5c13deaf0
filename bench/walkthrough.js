#!/usr/bin/env node
/**
 * A full conversation against a running Parley, over its real HTTP and WebSocket APIs, step by step:
 * a visitor registers and writes, an agent gets the conversation and replies, the visitor sees it live,
 * edits, uploads a file, the agent transfers it to another department, the visitor closes; then the
 * history is checked: complete, ordered, numbered once each.
 *
 *   PARLEY_ADMIN_EMAIL=… PARLEY_ADMIN_PASSWORD=… npm run walkthrough [-- http://localhost:3000]
 *
 * It creates two departments and two agents named "Walkthrough …", and deactivates and archives them
 * at the end. Exits 1 naming the step that failed.
 */
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { call, request } from './lib/http.js';
import { signIn, visitorHeaders, withCookie } from './lib/parley.js';

/** A socket that keeps every frame and waits for the ones asked for. */
class Socket {
  /** @param {string} url @param {{ cookie?: string, visitorToken?: string }} who */
  static async open(url, who) {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
      headers: who.cookie ? { cookie: who.cookie } : {},
    });
    const s = new Socket(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    if (who.visitorToken) s.send({ type: 'auth', visitorToken: who.visitorToken });
    await s.next((f) => f.type === 'ready', 'the realtime connection to be ready');
    return s;
  }

  /** @param {WebSocket} ws */
  constructor(ws) {
    this.ws = ws;
    /** @type {any[]} */
    this.frames = [];
    ws.on('message', (raw) => this.frames.push(JSON.parse(raw.toString())));
  }

  /** @param {unknown} frame */
  send(frame) {
    this.ws.send(JSON.stringify(frame));
  }

  /** The first frame matching `test` (already here or within 10 s). @param {(f: any) => boolean} test @param {string} what */
  async next(test, what) {
    for (const started = Date.now(); Date.now() - started < 10_000;) {
      const f = this.frames.find(test);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`waited 10 s for ${what}`);
  }

  close() {
    this.ws.close();
  }
}

/**
 * @param {string} url
 * @param {{ email: string, password: string }} admin
 * @param {(line: string) => void} [log]
 * @returns {Promise<{ conversationId: string, history: string[] }>}
 */
export async function walkthrough(url, admin, log = () => {}) {
  const stamp = Date.now().toString(36);
  const cleanups = [];
  const sockets = [];
  let step = 'sign in as the administrator';
  const say = (/** @type {string} */ next) => {
    step = next;
    log(`· ${next}`);
  };
  try {
    log(`· ${step}`);
    const adminCookie = await signIn(url, admin);
    const asAdmin = (/** @type {string} */ method, /** @type {string} */ path, /** @type {unknown} */ body) =>
      call(url, method, path, { headers: withCookie(adminCookie), body });

    say('create the departments Sales and Support, with one agent each');
    const departments = [];
    const agents = [];
    for (const name of ['Sales', 'Support']) {
      const d = await asAdmin('POST', '/api/v1/departments', { name: `Walkthrough ${name} ${stamp}` });
      cleanups.push(() => asAdmin('POST', `/api/v1/departments/${d.id}/archive`, { archived: true }));
      const email = `walkthrough-${name.toLowerCase()}-${stamp}@example.test`;
      const password = `walkthrough ${stamp} ${Math.random().toString(36).slice(2)}`;
      const user = await asAdmin('POST', '/api/v1/users', {
        email,
        name: `Walkthrough ${name} agent`,
        password,
        roles: ['agent'],
      });
      cleanups.push(() => asAdmin('PATCH', `/api/v1/users/${user.id}`, { active: false }));
      await asAdmin('PUT', `/api/v1/departments/${d.id}/agents`, { agents: [user.id] });
      const cookie = await signIn(url, { email, password });
      const ws = await Socket.open(url, { cookie });
      sockets.push(ws);
      await call(url, 'PUT', '/api/v1/agents/me/status', {
        headers: withCookie(cookie),
        body: { availability: 'available' },
      });
      departments.push(d);
      agents.push({ id: user.id, cookie, ws });
    }
    const [sales, support] = departments;
    const [alice] = agents;
    const asAlice = (/** @type {string} */ method, /** @type {string} */ path, /** @type {unknown} */ body) =>
      call(url, method, path, { headers: withCookie(alice.cookie), body });

    say('a visitor registers and writes to Sales');
    const registered = await call(url, 'POST', '/api/v1/widget/visitors', {
      body: { name: `Vera ${stamp}`, email: `vera-${stamp}@example.test`, departmentId: sales.id },
    });
    const vh = visitorHeaders(registered.token);
    const asVisitor = (/** @type {string} */ method, /** @type {string} */ path, /** @type {unknown} */ body) =>
      call(url, method, `/api/v1/widget${path}`, { headers: vh, body });
    const started = await asVisitor('POST', '/conversations', { text: 'Hello, I need help', clientId: 'w1' });
    const id = started.conversation.id;
    const visitor = await Socket.open(url, { visitorToken: registered.token });
    sockets.push(visitor);
    visitor.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });

    say('the Sales agent gets the conversation (routed, or taken from the queue)');
    if (started.conversation.status === 'queued') {
      const taken = await request(url, 'POST', `/api/v1/conversations/${id}/take`, {
        headers: withCookie(alice.cookie),
      });
      // 409: the router gave it to her meanwhile; checked below either way.
      if (taken.status !== 200 && taken.status !== 409) throw new Error(`take → ${taken.status} ${taken.text}`);
    }
    let open = await asVisitor('GET', `/conversations/${id}`);
    for (const until = Date.now() + 10_000; open.status !== 'open' && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 100));
      open = await asVisitor('GET', `/conversations/${id}`);
    }
    if (open.status !== 'open' || open.agent?.name !== 'Walkthrough Sales agent') {
      throw new Error(`the conversation is ${open.status}, with ${JSON.stringify(open.agent)}, not the Sales agent`);
    }

    say('the agent replies; the visitor sees it live');
    alice.ws.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await asAlice('POST', `/api/v1/conversations/${id}/messages`, { text: 'Hi Vera, how can I help?', clientId: 'a1' });
    await visitor.next(
      (f) => f.type === 'message.created' && f.message.text === 'Hi Vera, how can I help?',
      "the agent's reply to reach the visitor",
    );

    say('the visitor writes, sends it again (a retry), then edits it; the agent sees each live');
    const sent = await asVisitor('POST', `/conversations/${id}/messages`, { text: 'My order is late', clientId: 'w2' });
    const again = await asVisitor('POST', `/conversations/${id}/messages`, {
      text: 'My order is late',
      clientId: 'w2',
    });
    if (again.id !== sent.id) throw new Error('a retried send was stored twice');
    await alice.ws.next(
      (f) => f.type === 'message.created' && f.message.text === 'My order is late',
      "the visitor's message to reach the agent",
    );
    await asVisitor('PATCH', `/conversations/${id}/messages/${sent.id}`, { text: 'My order #42 is late' });
    await alice.ws.next(
      (f) => f.type === 'message.updated' && f.message.text === 'My order #42 is late',
      'the edit to reach the agent',
    );

    say('the visitor uploads a file; the agent downloads it, another visitor cannot');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const form = new FormData();
    form.append('text', 'screenshot');
    form.append('clientId', 'w3');
    form.append('file', new Blob([png], { type: 'image/png' }), 'shot.png');
    const up = await fetch(`${url}/api/v1/widget/conversations/${id}/files`, {
      method: 'POST',
      headers: vh,
      body: form,
    });
    if (up.status !== 201) throw new Error(`upload → ${up.status} ${await up.text()}`);
    const visitorUrl = (await up.json()).attachment.url;
    const staffCopy = await alice.ws.next(
      (f) => f.type === 'message.created' && f.message.kind === 'file',
      'the file to reach the agent',
    );
    const byAgent = await fetch(`${url}${staffCopy.message.attachment.url}`, { headers: withCookie(alice.cookie) });
    if (!Buffer.from(await byAgent.arrayBuffer()).equals(png)) throw new Error('the agent did not get the same file');
    const stranger = await call(url, 'POST', '/api/v1/widget/visitors', { body: {} });
    const stolen = await fetch(`${url}${visitorUrl}`, { headers: visitorHeaders(stranger.token) });
    if (stolen.status < 400) throw new Error(`another visitor read the file (${stolen.status})`);

    say('the agent transfers the conversation to Support');
    const moved = await asAlice('POST', `/api/v1/conversations/${id}/transfer`, {
      departmentId: support.id,
      comment: 'billing question',
    });
    if (moved.departmentId !== support.id) throw new Error('the conversation is not in Support after the transfer');

    say('the visitor closes the conversation');
    const closed = await asVisitor('POST', `/conversations/${id}/close`);
    if (closed.status !== 'closed' || closed.closedBy !== 'visitor') throw new Error('the conversation did not close');

    say('the history is complete, ordered and numbered once each');
    const all = await asAdmin('GET', `/api/v1/conversations/${id}/messages?limit=500`);
    /** @type {Array<{ kind: string, systemType: string | null, text: string, seq: number }>} */
    const items = all.items;
    const history = items.map((m) => (m.kind === 'system' ? `[${m.systemType}]` : m.text));
    const expected = [
      'Hello, I need help',
      'Hi Vera, how can I help?',
      'My order #42 is late',
      'screenshot',
      '[conversation-transferred]',
      '[conversation-finished]',
    ];
    const positions = expected.map((t) => history.indexOf(t));
    if (positions.some((p, i) => p < 0 || (i > 0 && p < positions[i - 1]))) {
      throw new Error(`history out of order or incomplete: ${JSON.stringify(history)}`);
    }
    const seqs = items.map((m) => m.seq);
    if (seqs.some((s, i) => i > 0 && s <= seqs[i - 1])) throw new Error(`sequence numbers ${seqs.join(',')}`);
    if (history.filter((t) => t === 'My order #42 is late').length !== 1) throw new Error('a message is stored twice');
    return { conversationId: id, history };
  } catch (err) {
    throw new Error(`${step}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    for (const s of sockets) s.close();
    for (const undo of cleanups.reverse()) await undo().catch(() => undefined);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = (process.argv[2] ?? process.env.PARLEY_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const email = process.env.PARLEY_ADMIN_EMAIL;
  const password = process.env.PARLEY_ADMIN_PASSWORD;
  if (!email || !password) {
    console.error('Set PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD (an administrator of that Parley).');
    process.exit(2);
  }
  walkthrough(url, { email, password }, (line) => console.log(line)).then(
    ({ conversationId, history }) => {
      console.log(`\nConversation ${conversationId}, as stored:`);
      for (const line of history) console.log(`  ${line}`);
      console.log('\nOK: every step worked.');
    },
    (err) => {
      console.error(`\nFAILED at: ${err.message}`);
      process.exit(1);
    },
  );
}
