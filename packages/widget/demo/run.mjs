// `npm run demo`: Parley (embedded database in a fresh temp dir, a fixed demo admin) plus a customer's
// web site on another origin with the chat widget embedded, and a demo agent that answers chats.
// Options: --no-agent (nobody answers: the widget shows the offline form); PARLEY_DEMO_PORT and
// PARLEY_DEMO_SITE_PORT choose the ports (defaults 3000 and 8080, or free ones when taken).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const admin = { email: 'admin@parley.demo', password: 'try the parley demo' };
const agent = { email: 'agent@parley.demo', password: 'answer the visitors', name: 'Dana Demo' };
const withAgent = !process.argv.includes('--no-agent');

function portFree(port) {
  return new Promise((resolve) => {
    const srv = createNetServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function pickPort(preferred) {
  if (preferred && (await portFree(preferred))) return preferred;
  return new Promise((resolve) => {
    const srv = createNetServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('Parley exited during start');
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Parley did not start within 60 s');
}

/** A tiny API client with a session cookie. */
async function session(url, who) {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { user } = await res.json();
  const call = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, origin: url, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
  return { cookie, user, call };
}

/**
 * A demo agent: available, connected, greets each chat routing gives it and echoes what visitors say.
 * (Sign in as the admin in the web app to look at the conversations.)
 */
async function startDemoAgent(url) {
  const me = await session(url, agent);
  await me.call('PUT', '/api/v1/agents/me/status', { availability: 'available' });
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { cookie: me.cookie, origin: url } });
  const say = (id, text) => me.call('POST', `/api/v1/conversations/${id}/messages`, { text });
  const greeted = new Set();
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', topic: 'my-conversations' })));
  ws.on('message', (raw) => {
    const f = JSON.parse(String(raw));
    if (f.type === 'conversation.updated') {
      const c = f.conversation;
      if (c.status === 'open' && c.agent?.id === me.user.id && !greeted.has(c.id)) {
        greeted.add(c.id);
        void say(c.id, `Hi ${c.visitor.name ?? 'there'}! I am ${agent.name}, a demo agent: I repeat what you write.`);
      }
    }
    if (f.type === 'message.created' && f.message.author.type === 'visitor' && f.message.kind !== 'system') {
      const id = f.conversationId;
      ws.send(JSON.stringify({ type: 'typing', conversationId: id, typing: true }));
      setTimeout(() => {
        ws.send(JSON.stringify({ type: 'typing', conversationId: id, typing: false }));
        void say(
          id,
          f.message.attachment ? `Thanks for the file ${f.message.attachment.name}.` : `You said: “${f.message.text}”`,
        );
      }, 1200);
    }
  });
  return ws;
}

/** The customer's site: a shop page with the widget and buttons for the host-page API. */
function hostPage(parleyUrl) {
  const page = readFileSync(fileURLToPath(new URL('host.html', import.meta.url)), 'utf8');
  return page.replaceAll('%PARLEY_URL%', parleyUrl);
}

async function main() {
  const port = await pickPort(Number(process.env.PARLEY_DEMO_PORT) || 3000);
  const sitePort = await pickPort(Number(process.env.PARLEY_DEMO_SITE_PORT) || 8080);
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-demo-'));
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL']) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PARLEY_ADMIN_EMAIL: admin.email,
    PARLEY_ADMIN_PASSWORD: admin.password,
  });
  const child = spawn(process.execPath, [join(root, 'packages/server/dist/main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/' || path.startsWith('/shop')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(hostPage(url));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  let ws;
  let stopping = false;
  stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    ws?.close();
    site.close();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`Parley stopped (exit code ${code})`);
      void stop(1);
    }
  });

  await waitReady(url, child);
  const adminSession = await session(url, admin);
  const created = await adminSession.call('POST', '/api/v1/users', {
    email: agent.email,
    name: agent.name,
    password: agent.password,
    roles: ['agent'],
  });
  if (created.status !== 201) throw new Error(`could not create the demo agent: ${JSON.stringify(created.body)}`);
  if (withAgent) ws = await startDemoAgent(url);
  await new Promise((resolve) => site.listen(sitePort, '127.0.0.1', resolve));

  console.log(
    [
      '',
      '  Parley demo',
      `  Customer web site with the widget:  http://localhost:${sitePort}   (another origin than Parley)`,
      `  Parley (admin console):             ${url}`,
      `  Admin:       ${admin.email} / ${admin.password}`,
      `  Demo agent:  ${agent.email} / ${agent.password}${withAgent ? ' (online, auto-replies)' : ' (offline: the widget shows the offline form)'}`,
      `  Data:        ${dataDir} (deleted when you stop the demo with Ctrl+C)`,
      '',
    ].join('\n'),
  );
}

/** Stops Parley and the site and removes the data directory (set once they exist). */
let stop = async (code = 0) => process.exit(code);

main().catch((err) => {
  console.error(err);
  void stop(1);
});
