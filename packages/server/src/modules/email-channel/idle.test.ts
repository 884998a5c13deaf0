import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/logger.js';
import { rawMail, TestMailbox, testImapServer } from '../../test-support/imap.js';
import { IdleWatchers } from './idle.js';

const imap = await testImapServer();

/** IMAP IDLE as a doorbell (idle.ts) against the real Dovecot: new mail rings for its channel. */
describe.skipIf(!imap)('email channel: IDLE watchers', () => {
  let watchers: IdleWatchers | undefined;
  afterEach(() => watchers?.stop());

  it('new mail in a watched mailbox rings for its channel; a watcher not renewed in time ends', async () => {
    const box = new TestMailbox(imap!);
    await box.append(rawMail({ From: 'a@example.test', Subject: 'before' }, 'already there'));
    const rang: string[] = [];
    let ringing: () => void = () => {};
    const rung = new Promise<void>((r) => (ringing = r));
    let now = 1_000_000;
    watchers = new IdleWatchers(
      (channelId) => {
        rang.push(channelId);
        ringing();
      },
      createLogger('silent'),
      () => now,
    );
    const target = {
      host: imap!.host,
      port: imap!.port,
      tls: false,
      user: box.user,
      password: imap!.password,
      mailbox: 'INBOX',
    };
    watchers.touch('ch-1', target, 60_000);
    expect(await watchers.ready('ch-1')).toBe(true);
    expect(rang).toEqual([]); // what was there before is not news
    await box.append(rawMail({ From: 'b@example.test', Subject: 'new' }, 'hello'));
    await rung;
    expect(rang[0]).toBe('ch-1');
    // Renewed by the same settings: one watcher; after two intervals without a poll here it ends.
    watchers.touch('ch-1', target, 60_000);
    expect(watchers.size).toBe(1);
    now += 61_000;
    (watchers as unknown as { sweep(): void }).sweep();
    expect(watchers.size).toBe(0);
  });

  it('a mailbox it cannot reach ends the watcher without ringing', async () => {
    watchers = new IdleWatchers(() => expect.unreachable('no ring'), createLogger('silent'));
    watchers.touch(
      'ch-2',
      { host: '127.0.0.1', port: 1, tls: false, user: 'x', password: 'y', mailbox: 'INBOX' },
      60_000,
    );
    expect(await watchers.ready('ch-2')).toBe(false);
    expect(watchers.size).toBe(0);
  });
});
