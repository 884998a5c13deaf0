import { describe, expect, it } from 'vitest';
import { rawMail } from '../../test-support/imap.js';
import { parseMail, replyAddress, replySubject, sanitiseHtml, tokensOf, visibleText } from './parse.js';

const mail = (headers: Record<string, string>, body = 'Hello') =>
  parseMail(
    Buffer.from(
      rawMail({ From: 'Ann <ann@example.test>', To: 'support@example.test', Subject: 'Hi', ...headers }, body),
    ),
  );

describe('email channel: parsing a mail', () => {
  it('reads sender, recipients, threading headers and the text', async () => {
    const m = await mail({
      'Message-ID': '<b@example.test>',
      'In-Reply-To': '<a@example.test>',
      References: '<z@example.test> <a@example.test>',
      Cc: 'Other <other@example.test>',
    });
    expect(m).toMatchObject({
      messageId: '<b@example.test>',
      inReplyTo: '<a@example.test>',
      references: ['<z@example.test>', '<a@example.test>'],
      from: { address: 'ann@example.test', name: 'Ann' },
      subject: 'Hi',
      text: 'Hello',
      automated: null,
    });
    expect(m.recipients.sort()).toEqual(['other@example.test', 'support@example.test']);
  });

  it('strips the quoted history and the signature from a reply, keeping the whole text', async () => {
    const body = [
      'Thanks, that fixed it.',
      '',
      '-- ',
      'Ann Example',
      'ACME Corp',
      '',
      'On Mon, Dec 7, 2026 at 10:00 AM Support <support@example.test> wrote:',
      '> Try turning it off and on again.',
      '> Best, Support',
    ].join('\n');
    const m = await mail({}, body);
    expect(m.text).toBe('Thanks, that fixed it.');
    expect(m.fullText).toContain('Try turning it off and on again.');
    expect(m.fullText).toContain('ACME Corp');
    expect(visibleText('> only a quote')).toBe('> only a quote');
  });

  it('sanitises HTML: no scripts, handlers, styles or remote images; text taken from HTML-only mail', async () => {
    const html =
      '<p onclick="x()">Hi <b>there</b><script>alert(1)</script></p><img src="https://tracker.example/p.gif"><img src="cid:logo"><a href="javascript:alert(1)">x</a><style>p{}</style>';
    const m = await mail({ 'Content-Type': 'text/html; charset=utf-8' }, html);
    expect(m.html).toBe(
      '<p>Hi <b>there</b></p><img /><img src="cid:logo" /><a rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
    expect(m.text).toBe('Hi there\nx');
    expect(sanitiseHtml('<iframe src="https://x"></iframe><form><input></form>ok')).toBe('ok');
  });

  it('decodes wrong or unknown charsets and broken encodings without throwing', async () => {
    const latin1 = Buffer.from(
      'From: a@example.test\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xe9 cr\xe8me\r\n',
      'latin1',
    );
    expect((await parseMail(latin1)).text).toBe('Café crème');
    const unknown = await mail({ 'Content-Type': 'text/plain; charset=x-no-such-charset' }, 'plain words');
    expect(unknown.text).toBe('plain words');
    const badB64 = await mail({ 'Content-Transfer-Encoding': 'base64' }, '!!!not base64***');
    expect(typeof badB64.text).toBe('string');
    const garbage = await parseMail(Buffer.from('\u0000\u0001garbage without headers'));
    expect(garbage.from).toBeNull();
  });

  it('marks auto-replies, bounces and list mail', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'Auto-Submitted': 'auto-replied' }, 'auto-submitted'],
      [{ Precedence: 'bulk' }, 'precedence-bulk'],
      [{ Precedence: 'list' }, 'precedence-list'],
      [{ Precedence: 'junk' }, 'precedence-junk'],
      [{ 'List-Id': '<news.example.test>' }, 'mailing-list'],
      [{ 'List-Unsubscribe': '<mailto:u@example.test>' }, 'mailing-list'],
      [{ 'X-Autoreply': 'yes' }, 'auto-reply'],
      [{ From: 'MAILER-DAEMON@mx.example.test' }, 'bounce'],
      [{ From: 'postmaster@example.test' }, 'bounce'],
      [{ 'Return-Path': '<>' }, 'bounce'],
      [{ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' }, 'bounce'],
    ];
    for (const [headers, reason] of cases)
      expect((await mail(headers)).automated, JSON.stringify(headers)).toBe(reason);
    expect((await mail({ 'Auto-Submitted': 'no' })).automated).toBeNull();
  });

  it('keeps attachments and inline images as bytes with their declared type', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const body = [
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'see attached',
      '--b',
      'Content-Type: image/png',
      'Content-Disposition: attachment; filename="dot.png"',
      'Content-Transfer-Encoding: base64',
      '',
      png,
      '--b--',
    ].join('\n');
    const m = await mail({ 'Content-Type': 'multipart/mixed; boundary="b"' }, body);
    expect(m.text).toBe('see attached');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ filename: 'dot.png', contentType: 'image/png', inline: false });
    expect(m.attachments[0]!.data.equals(Buffer.from(png, 'base64'))).toBe(true);
  });

  it('threading tokens: the reply address +tag and the subject token, only for the channel’s own address', () => {
    expect(replyAddress('support@example.test', 'abcdefghjk')).toBe('support+abcdefghjk@example.test');
    expect(replySubject('Printer on fire', 'abcdefghjk')).toBe('Re: Printer on fire [#abcdefghjk]');
    expect(replySubject('Re: Printer on fire [#abcdefghjk]', 'abcdefghjk')).toBe('Re: Printer on fire [#abcdefghjk]');
    expect(tokensOf({ recipients: ['support+abcdefghjk@example.test'], subject: 'x' }, 'support@example.test')).toEqual(
      ['abcdefghjk'],
    );
    expect(tokensOf({ recipients: ['sales+abcdefghjk@example.test'], subject: 'x' }, 'support@example.test')).toEqual(
      [],
    );
    expect(tokensOf({ recipients: [], subject: 'Re: x [#ABCDEFGHJK]' }, 'support@example.test')).toEqual([
      'abcdefghjk',
    ]);
  });
});
