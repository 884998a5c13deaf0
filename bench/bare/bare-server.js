/**
 * The machine's limit for the message path without Parley: the least a server can do for the same work.
 * Each visitor message arrives as the same HTTP POST, is stored with ONE INSERT of the same row into
 * the same `messages` table (same columns and indexes, autocommit, a pool as large as Parley's), and the
 * same JSON payload is pushed over bare `ws` to the conversation's agent and visitor. No framework, no
 * validation library, no batching, no authorization: what is left is HTTP parsing, one durable write
 * and the fan-out. Parley's sustained rate divided by this one's is the "limit ratio".
 *
 * Env: PORT, DATABASE_URL, DATABASE_POOL_SIZE (default 10).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { WebSocketServer } from 'ws';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
pool.on('error', () => undefined);

// Parley's messages table (packages/server/migrations/0003_omnichannel.sql), with a minimal parent.
await pool.query(`
  create table if not exists conversations (id uuid primary key, agent_id uuid, visitor_id uuid);
  create table if not exists messages (
    id uuid primary key,
    conversation_id uuid not null references conversations (id) on delete cascade,
    seq integer not null,
    updated_seq integer not null,
    client_id text,
    author_type text not null check (author_type in ('visitor', 'agent', 'bot', 'system')),
    author_id uuid,
    author_name text,
    kind text not null check (kind in ('text', 'file', 'system')),
    system_type text,
    text text not null default '',
    attachment jsonb,
    data jsonb,
    created_at timestamptz not null,
    edited_at timestamptz,
    deleted_at timestamptz
  );
  create unique index if not exists messages_seq on messages (conversation_id, seq);
  create unique index if not exists messages_client_id on messages (conversation_id, client_id) where client_id is not null;
  create index if not exists messages_updated on messages (conversation_id, updated_seq);
`);

/** @type {Map<string, { agentId: string, visitorId: string, seq: number, visitors: Set<import('ws').WebSocket> }>} */
const conversations = new Map();
/** @type {Map<string, Set<import('ws').WebSocket>>} */
const agentSockets = new Map();

/** A time-ordered id, as Parley makes them. */
function uuidv7(now = Date.now()) {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const INSERT = `insert into messages (id, conversation_id, seq, updated_seq, client_id, author_type, author_id, author_name,
  kind, system_type, text, attachment, data, created_at, edited_at, deleted_at)
  values ($1, $2, $3, $3, $4, 'visitor', $5, $6, 'text', null, $7, 'null', 'null', $8, null, null)`;

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function reply(res, status, body) {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

/** @param {http.IncomingMessage} req */
function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/readyz') return reply(res, 200, { ok: true });
    if (req.method === 'POST' && req.url === '/conversations') {
      const b = await readJson(req);
      await pool.query('insert into conversations (id, agent_id, visitor_id) values ($1, $2, $3)', [
        b.id,
        b.agentId,
        b.visitorId,
      ]);
      conversations.set(b.id, { agentId: b.agentId, visitorId: b.visitorId, seq: 0, visitors: new Set() });
      return reply(res, 201, { id: b.id });
    }
    const m = /^\/conversations\/([0-9a-f-]{36})\/messages$/.exec(req.url ?? '');
    if (req.method === 'POST' && m) {
      const b = await readJson(req);
      const c = conversations.get(m[1]);
      if (!c || req.headers['x-visitor'] !== c.visitorId) return reply(res, 404, { code: 'conversation.not-found' });
      if (typeof b.text !== 'string' || b.text.length > 20_000) return reply(res, 400, { code: 'request.invalid' });
      const now = new Date();
      const seq = ++c.seq;
      const message = {
        id: uuidv7(now.getTime()),
        conversationId: m[1],
        seq,
        updatedSeq: seq,
        clientId: b.clientId ?? null,
        author: { type: 'visitor', id: c.visitorId, name: 'guest' },
        kind: 'text',
        systemType: null,
        text: b.text,
        attachment: null,
        data: null,
        createdAt: now.toISOString(),
        editedAt: null,
        deletedAt: null,
      };
      await pool.query(INSERT, [message.id, m[1], seq, message.clientId, c.visitorId, 'guest', b.text, now]);
      const frame = JSON.stringify({ type: 'message.created', conversationId: m[1], message });
      for (const ws of agentSockets.get(c.agentId) ?? []) ws.send(frame);
      for (const ws of c.visitors) ws.send(frame);
      return reply(res, 201, message);
    }
    reply(res, 404, { code: 'route.not-found' });
  } catch (err) {
    reply(res, 500, { code: 'internal.error', message: String(err) });
  }
});
server.keepAliveTimeout = 72_000;

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, maxPayload: 64 * 1024 });
wss.on('connection', (ws, req) => {
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const agent = q.get('agent');
  const conversation = q.get('conversation');
  if (agent) {
    const set = agentSockets.get(agent) ?? new Set();
    set.add(ws);
    agentSockets.set(agent, set);
    ws.on('close', () => set.delete(ws));
  } else if (conversation && conversations.has(conversation)) {
    const c = conversations.get(conversation);
    c.visitors.add(ws);
    ws.on('close', () => c.visitors.delete(ws));
  } else {
    ws.close(4404, 'unknown conversation');
  }
  ws.on('error', () => ws.terminate());
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close();
  void pool.end().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
