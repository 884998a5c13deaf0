import { ImapFlow } from 'imapflow';

/** Where a mailbox is read, as the email channel's settings and stored password give it. */
export interface ImapTarget {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/** One new mail: its UID and raw source (null when it was over the size limit and not fetched). */
export interface FetchedMail {
  uid: number;
  size: number;
  raw: Buffer | null;
}

export interface MailboxBatch {
  uidValidity: number;
  mails: FetchedMail[];
  /** More new mail is waiting after this batch. */
  more: boolean;
}

/**
 * Reads new mail over IMAP with imapflow: connects, opens the mailbox read-only (Parley never changes the
 * mailbox: flags and folders stay the team's), takes the UIDs after `afterUid` (all of them when the
 * UIDVALIDITY changed), and fetches their sources in bounded chunks. One connection per read; the
 * caller keeps the position.
 */
export async function readNewMail(
  t: ImapTarget,
  position: { uidValidity: number | null; afterUid: number },
  limits: { maxMails: number; maxRawBytes: number; chunkBytes: number },
): Promise<MailboxBatch> {
  const client = new ImapFlow({
    host: t.host,
    port: t.port,
    secure: t.tls,
    auth: { user: t.user, pass: t.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  // imapflow reports socket failures as events too: without a listener they would crash the process.
  let socketError: Error | undefined;
  client.on('error', (err: Error) => {
    socketError = err;
  });
  await client.connect();
  try {
    const mailbox = await client.mailboxOpen(t.mailbox, { readOnly: true });
    const uidValidity = Number(mailbox.uidValidity);
    const after = position.uidValidity === uidValidity ? position.afterUid : 0;
    const sizes: Array<{ uid: number; size: number }> = [];
    if (mailbox.exists > 0 && (mailbox.uidNext === undefined || mailbox.uidNext > after + 1)) {
      for await (const m of client.fetch(`${after + 1}:*`, { uid: true, size: true }, { uid: true })) {
        // `N:*` always answers the last mail, even when its UID is below N.
        if (m.uid > after) sizes.push({ uid: m.uid, size: m.size ?? 0 });
      }
    }
    sizes.sort((a, b) => a.uid - b.uid);
    const take = sizes.slice(0, limits.maxMails);
    const mails: FetchedMail[] = [];
    let chunk: typeof take = [];
    let chunkSize = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const got = new Map<number, Buffer>();
      for await (const m of client.fetch(
        chunk.map((c) => c.uid).join(','),
        { uid: true, source: true },
        { uid: true },
      )) {
        if (m.source) got.set(m.uid, m.source);
      }
      for (const c of chunk) mails.push({ uid: c.uid, size: c.size, raw: got.get(c.uid) ?? Buffer.alloc(0) });
      chunk = [];
      chunkSize = 0;
    };
    for (const s of take) {
      if (s.size > limits.maxRawBytes) {
        await flush();
        mails.push({ uid: s.uid, size: s.size, raw: null });
        continue;
      }
      if (chunk.length > 0 && chunkSize + s.size > limits.chunkBytes) await flush();
      chunk.push(s);
      chunkSize += s.size;
    }
    await flush();
    if (socketError) throw socketError;
    return { uidValidity, mails, more: sizes.length > take.length };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** What the console may show of a failed connection: the kind of failure, never credentials. */
export function describeImapError(err: unknown): string {
  const e = err as { code?: string; authenticationFailed?: boolean; responseText?: string; message?: string };
  if (e?.authenticationFailed) return 'IMAP sign-in failed: check the user name and password';
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'The IMAP server refused the connection (host or port wrong, or the server is down)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The IMAP host name could not be resolved';
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
      return 'The IMAP server did not answer in time';
    case 'ECONNRESET':
      return 'The IMAP server closed the connection';
    case 'NoConnection':
      return 'The IMAP connection was lost';
    default:
      break;
  }
  if (e?.responseText) return `The IMAP server answered: ${e.responseText.slice(0, 200)}`;
  const msg = e?.message ?? String(err);
  if (/certificate|self.signed|TLS|SSL/i.test(msg))
    return 'The IMAP server’s TLS connection failed (certificate or TLS setting)';
  return `IMAP failed: ${msg.slice(0, 200)}`;
}
