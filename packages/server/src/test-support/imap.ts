import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';

/**
 * The IMAP server the email channel's tests read: PARLEY_TEST_IMAP (default imap://127.0.0.1:1143, the
 * Dovecot `.ci/dovecot.sh` starts, where any user name signs in with the password `parley` and has a
 * mailbox of its own). When nothing answers, `testImapServer()` is undefined and those tests skip,
 * saying so — unless PARLEY_TEST_IMAP_REQUIRED is set (`.ci/run`), where that is a failure.
 */
export interface ImapServer {
  host: string;
  port: number;
  password: string;
}

const configured = new URL(process.env.PARLEY_TEST_IMAP ?? 'imap://127.0.0.1:1143');

export async function testImapServer(): Promise<ImapServer | undefined> {
  const host = configured.hostname;
  const port = Number(configured.port || 143);
  const up = await new Promise<boolean>((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('data', (d) => done(d.toString().startsWith('* OK')));
    s.once('error', () => done(false));
  });
  if (up) return { host, port, password: decodeURIComponent(configured.password) || 'parley' };
  const why = `no IMAP server answers at ${host}:${port} (start one with .ci/dovecot.sh, or set PARLEY_TEST_IMAP)`;
  if (process.env.PARLEY_TEST_IMAP_REQUIRED) throw new Error(why);
  console.warn(`email channel IMAP tests skipped: ${why}`);
  return undefined;
}

/** A mailbox of its own on the test server (a fresh user name), and IMAP APPEND into it. */
export class TestMailbox {
  readonly user: string;
  constructor(
    readonly server: ImapServer,
    name = 'mb',
  ) {
    this.user = `${name}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  }

  private client(): ImapFlow {
    const c = new ImapFlow({
      host: this.server.host,
      port: this.server.port,
      secure: false,
      auth: { user: this.user, pass: this.server.password },
      logger: false,
    });
    c.on('error', () => undefined);
    return c;
  }

  /** Appends mails to INBOX over one connection, in order. */
  async append(...raws: Array<string | Buffer>): Promise<void> {
    const c = this.client();
    await c.connect();
    try {
      for (const raw of raws) await c.append('INBOX', typeof raw === 'string' ? Buffer.from(raw) : raw);
    } finally {
      await c.logout().catch(() => c.close());
    }
  }
}

/** A raw RFC 5322 mail (CRLF line ends) from header lines and a body. */
export function rawMail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({ 'MIME-Version': '1.0', Date: 'Mon, 7 Dec 2026 10:00:00 +0000', ...headers }).map(
    ([k, v]) => `${k}: ${v}`,
  );
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
    lines.push('Content-Type: text/plain; charset=utf-8');
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}
