import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { request } from '../lib/http.js';
import { signIn, withCookie } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
import { ADMIN, startParley, stopServer } from '../lib/server.js';
import { summarizeProfile } from '../lib/profile.js';
import { round } from '../lib/stats.js';

/** The IMAP server (Dovecot from .ci/dovecot.sh: any user, password `parley`), as the email channel's tests find it. */
function imapServer() {
  const u = new URL(process.env.PARLEY_TEST_IMAP ?? 'imap://127.0.0.1:1143');
  return { host: u.hostname, port: Number(u.port || 143), password: decodeURIComponent(u.password) || 'parley' };
}

/**
 * One mail of the bench's mailbox: half start a thread (a new sender each), the other half answer one of
 * those (In-Reply-To + References, the quoted history below), so threading and quote stripping are paid.
 * @param {number} i
 * @param {number} threads
 */
function mail(i, threads) {
  const t = i % threads;
  const reply = i >= threads;
  const headers = [
    `From: Person ${t} <person${t}@bench.example.test>`,
    'To: support@bench.example.test',
    `Subject: ${reply ? 'Re: ' : ''}Question ${t}`,
    `Message-ID: <m${i}@bench.example.test>`,
    ...(reply ? [`In-Reply-To: <m${t}@bench.example.test>`, `References: <m${t}@bench.example.test>`] : []),
    'Date: Mon, 7 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt"',
  ];
  const text = reply
    ? `Thanks, that answers it (${i}).\r\n\r\nOn Mon, Dec 7, 2026, Support wrote:\r\n> Try the reset link.\r\n> Best\r\n`
    : `Hello, my order ${t} has not arrived. Can you check it?\r\n\r\n-- \r\nPerson ${t}\r\n`;
  const body = [
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<div>${text.replace(/\r\n/g, '<br>')}</div><script>alert(1)</script>`,
    '--alt--',
    '',
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body.join('\r\n')}`);
}

/**
 * Inbound email (issue 22): `mails` mails queued in a Dovecot mailbox, then an email channel created on
 * it; the figure is mails per second from the channel's creation until every mail was parsed, threaded
 * and stored (the position in email_channel_accounts reaching the last UID), on PostgreSQL, the poll job
 * of the real server's job runner reading them by IMAP in batches of 200.
 * @param {{ mails: number, profileDir?: string, log: (s: string) => void }} o
 */
export async function runEmailInbound(o) {
  const imap = imapServer();
  const user = `bench-${process.pid}-${Date.now().toString(36)}`;
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    auth: { user, pass: imap.password },
    logger: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`no IMAP server at ${imap.host}:${imap.port} (start one with .ci/dovecot.sh): ${err.message}`, {
      cause: err,
    });
  }
  const threads = Math.ceil(o.mails / 2);
  const ta = Date.now();
  for (let i = 0; i < o.mails; i++) await client.append('INBOX', mail(i, threads));
  await client.logout();
  o.log(`  email-inbound: ${o.mails} mails appended to ${user}'s INBOX in ${((Date.now() - ta) / 1000).toFixed(1)} s`);

  const server = await startParley({ db: 'postgres', label: 'parley-email' });
  try {
    const cookie = await signIn(server.url, ADMIN);
    if (o.profileDir) await server.startProfile();
    const cpu0 = server.cpuMs();
    const t0 = Date.now();
    const res = await request(server.url, 'POST', '/api/v1/channels', {
      headers: withCookie(cookie),
      body: {
        type: 'email',
        name: 'Bench mailbox',
        settings: {
          address: 'support@bench.example.test',
          imap: { host: imap.host, port: imap.port, tls: false, user, password: imap.password },
          smtp: { host: '127.0.0.1', port: 25, security: 'none' },
          pollSeconds: 3600,
          maxPerSenderPerHour: 1000,
        },
      },
    });
    if (res.status !== 201) throw new Error(`channel not created: ${res.status} ${JSON.stringify(res.body)}`);
    const channelId = res.body.channel.id;
    let done = { received: 0, skipped: 0, last_uid: 0, state: 'connecting', detail: null };
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      done = await withClient(server.database.url, async (c) => {
        const r = await c.query(
          'select received_count, skipped_count, last_uid, state, detail from email_channel_accounts where channel_id = $1',
          [channelId],
        );
        const row = r.rows[0];
        return {
          received: Number(row.received_count),
          skipped: Number(row.skipped_count),
          last_uid: Number(row.last_uid),
          state: row.state,
          detail: row.detail,
        };
      });
      if (done.received + done.skipped >= o.mails) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - t0) / 1000;
    const cpuMs = server.cpuMs() - cpu0;
    let profile;
    if (o.profileDir) {
      mkdirSync(o.profileDir, { recursive: true });
      const file = join(o.profileDir, `email-inbound-${Date.now()}.cpuprofile`);
      await server.stopProfile(file);
      profile = { file, ...summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 25) };
      o.log(`  email-inbound: CPU profile ${file}`);
    }
    if (done.received + done.skipped < o.mails)
      throw new Error(
        `only ${done.received + done.skipped} of ${o.mails} mails handled (${done.state}: ${done.detail ?? ''})`,
      );
    const stored = await withClient(server.database.url, async (c) => ({
      conversations: Number(
        (await c.query('select count(*) from conversations where channel = $1', [channelId])).rows[0].count,
      ),
      messages: Number(
        (
          await c.query(
            `select count(*) from messages m join conversations c on c.id = m.conversation_id
             where c.channel = $1 and m.author_type = 'visitor'`,
            [channelId],
          )
        ).rows[0].count,
      ),
    }));
    const perSecond = o.mails / seconds;
    // The server's own CPU per mail: what one core of its own would do, whatever else loads the machine.
    const perCpuSecond = o.mails / (cpuMs / 1000);
    o.log(
      `  email-inbound: ${o.mails} mails read, parsed, threaded and stored in ${seconds.toFixed(1)} s = ${perSecond.toFixed(0)} mails/s;` +
        ` server CPU ${(cpuMs / o.mails).toFixed(1)} ms a mail = ${perCpuSecond.toFixed(0)} mails per CPU-second; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}` +
        ` (${done.received} received, ${done.skipped} skipped; ${stored.conversations} conversations, ${stored.messages} visitor messages)`,
    );
    return {
      mails: o.mails,
      seconds: round(seconds, 2),
      perSecond: round(perSecond, 1),
      cpuMsPerMail: round(cpuMs / o.mails, 2),
      perCpuSecond: round(perCpuSecond, 1),
      loadAverage: os.loadavg().map((l) => round(l, 1)),
      ...done,
      ...stored,
      ...(profile ? { profile } : {}),
    };
  } finally {
    await stopServer(server);
  }
}
