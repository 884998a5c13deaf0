import EmailReplyParser from 'email-reply-parser';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';

/** One mail as the email channel uses it: who, threading headers, the text shown, what is attached. */
export interface InboundMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null } | null;
  /** Every recipient address (To, Cc, Delivered-To, X-Original-To), lower-case: the reply address's +tag is read here. */
  recipients: string[];
  subject: string;
  /** What the conversation shows: the new text, quoted history and signature stripped. */
  text: string;
  /** The whole text as it came (quoted history and signature included). */
  fullText: string;
  /** The mail's HTML, sanitised (no scripts, styles, event handlers or remote images); null when it had none. */
  html: string | null;
  attachments: Array<{ filename: string; contentType: string; data: Buffer; inline: boolean }>;
  /** Why this mail must not open or join a conversation (an auto-reply, a bounce, list mail); null when it may. */
  automated: string | null;
}

/** Bounds on what a mail may make Parley do (each mail's parse is bounded, whatever it holds). */
export interface ParseLimits {
  /** The longest HTML part parsed (longer is cut). */
  maxHtmlChars: number;
  /** The most MIME parts looked at. */
  maxParts: number;
}

const defaultLimits: ParseLimits = { maxHtmlChars: 2_000_000, maxParts: 200 };

/** The text an agent reads is at most this long (the rest stays in the original). */
export const MAX_TEXT_CHARS = 20_000;

/**
 * Parses a raw RFC 5322 mail with mailparser. Throws on input it cannot read at all; wrong charsets,
 * broken encodings and odd structure are read as well as they can be (mailparser is lenient), never
 * trusted: the HTML is sanitised here and attachments are only bytes with a declared type.
 */
export async function parseMail(raw: Buffer, limits: Partial<ParseLimits> = {}): Promise<InboundMail> {
  const l = { ...defaultLimits, ...limits };
  const m = await simpleParser(raw, {
    skipImageLinks: true,
    skipHtmlToText: true,
    skipTextLinks: true,
    skipTextToHtml: true,
    maxHtmlLengthToParse: l.maxHtmlChars,
    maxChildNodes: l.maxParts,
    keepDeliveryStatus: true,
    checksumAlgo: false,
  });
  const from = firstAddress(m.from);
  const fullText =
    (m.text ?? '').replace(/\r\n/g, '\n').trim() ||
    htmlToText(typeof m.html === 'string' ? sanitiseHtml(m.html) : '') ||
    (m.attachments.length === 0 ? rawBody(raw) : '');
  const text = visibleText(fullText).slice(0, MAX_TEXT_CHARS);
  return {
    messageId: normaliseId(m.messageId),
    inReplyTo: normaliseId(m.inReplyTo?.split(/\s+/)[0]),
    references: idsOf(m.references),
    from,
    recipients: recipientsOf(m),
    subject: (m.subject ?? '')
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .slice(0, 500),
    text,
    fullText,
    html: typeof m.html === 'string' && m.html ? sanitiseHtml(m.html) : null,
    attachments: m.attachments.map(toAttachment),
    automated: automatedReason(m, from?.address ?? null),
  };
}

/**
 * A mail whose structure could not be read (a boundary that never comes, a part with no usable type):
 * its body as text, so what the person wrote is still seen — control characters and MIME boundary lines
 * dropped, invalid UTF-8 replaced.
 */
function rawBody(raw: Buffer): string {
  const s = raw.subarray(0, 200_000).toString('utf8');
  const at = s.search(/\r?\n\r?\n/);
  if (at < 0) return '';
  return (
    s
      .slice(at)
      .split(/\r?\n/)
      .filter((l) => !/^--\S+$/.test(l.trim()) && !/^content-[a-z-]+:/i.test(l))
      .join('\n')
      // eslint-disable-next-line no-control-regex -- dropping control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .trim()
  );
}

function toAttachment(a: Attachment): InboundMail['attachments'][number] {
  const type = (a.contentType || 'application/octet-stream').toLowerCase();
  const ext =
    type
      .split('/')[1]
      ?.replace(/[^a-z0-9]/g, '')
      .slice(0, 8) || 'bin';
  return {
    filename: (
      a.filename || `${a.related || a.contentDisposition === 'inline' ? 'inline' : 'attachment'}.${ext}`
    ).slice(0, 200),
    contentType: type,
    data: a.content,
    inline: a.related === true || a.contentDisposition === 'inline',
  };
}

function firstAddress(obj: AddressObject | undefined): InboundMail['from'] {
  for (const v of obj?.value ?? []) {
    const address = v.address?.trim().toLowerCase();
    if (address && /^[^\s@]+@[^\s@]+$/.test(address)) return { address, name: v.name?.trim() || null };
  }
  return null;
}

function recipientsOf(m: ParsedMail): string[] {
  const list = (o: AddressObject | AddressObject[] | undefined) => (Array.isArray(o) ? o : o ? [o] : []);
  const out = new Set<string>();
  for (const o of [...list(m.to), ...list(m.cc)]) {
    for (const v of o.value) if (v.address) out.add(v.address.toLowerCase());
  }
  for (const h of ['delivered-to', 'x-original-to']) {
    const v = m.headers.get(h);
    for (const s of Array.isArray(v) ? v : [v]) {
      if (typeof s === 'string') out.add(s.trim().replace(/^<|>$/g, '').toLowerCase());
    }
  }
  return [...out];
}

/** `<id@host>` as it came (Message-IDs are compared exactly), or null when it is not one. */
export function normaliseId(id: string | undefined | null): string | null {
  const t = id?.trim();
  if (!t || t.length > 500) return null;
  const bare = t.replace(/^<|>$/g, '');
  return bare && !/[\s<>]/.test(bare) ? `<${bare}>` : null;
}

function idsOf(refs: string | string[] | undefined): string[] {
  const all = (Array.isArray(refs) ? refs : refs ? [refs] : []).flatMap((r) => r.split(/\s+/));
  return all
    .map((r) => normaliseId(r))
    .filter((r): r is string => r !== null)
    .slice(-50);
}

/** The new part of a reply: the quoted history (`On … wrote:`, `>` lines) and the signature cut off. */
export function visibleText(text: string): string {
  if (!text) return '';
  try {
    const visible = new EmailReplyParser().read(text).getVisibleText().trim();
    return visible || text.trim();
  } catch {
    return text.trim();
  }
}

function htmlToText(html: string | false | undefined): string {
  if (!html) return '';
  return sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6])\b[^>]*>/gi, '\n$&'), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Mail HTML made safe to show: formatting tags only, links to http(s)/mailto, images only from the
 * mail's own parts (`cid:`; remote images are tracking pixels), no scripts, styles, forms or handlers.
 */
export function sanitiseHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'], '*': ['dir'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid'] },
    allowProtocolRelative: false,
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  }).trim();
}

const header = (m: ParsedMail, name: string): string => {
  const v = m.headers.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim().toLowerCase();
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') return v.value.trim().toLowerCase();
  return String(v).trim().toLowerCase();
};

/**
 * Why a mail comes from a machine and must open nothing (RFC 3834 and the usual practice): an
 * `Auto-Submitted` other than `no`, `Precedence: bulk|list|junk|auto_reply`, list headers, the
 * auto-responder headers of common servers, a bounce (empty return path, a mailer-daemon or postmaster
 * sender, a delivery report).
 */
function automatedReason(m: ParsedMail, from: string | null): string | null {
  const autoSubmitted = header(m, 'auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-submitted';
  const precedence = header(m, 'precedence');
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return `precedence-${precedence.replace('_', '-')}`;
  // mailparser gathers the List-* headers (List-Id, List-Unsubscribe, List-Post …) into one `list` entry.
  if (m.headers.has('list') || m.headers.has('list-id')) return 'mailing-list';
  if (m.headers.has('x-autoreply') || m.headers.has('x-autorespond') || header(m, 'x-auto-response-suppress') === 'all')
    return 'auto-reply';
  if (/^(mailer-daemon|postmaster|mail-daemon)@/i.test(from ?? '')) return 'bounce';
  const returnPath = m.headerLines.find((h) => h.key === 'return-path')?.line.replace(/^return-path:\s*/i, '');
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath.trim())) return 'bounce';
  const ct = header(m, 'content-type');
  if (ct.startsWith('multipart/report') || ct.startsWith('message/delivery-status')) return 'bounce';
  return null;
}

// ── threading tokens ────────────────────────────────────────────────────────────────────────────────

const TOKEN_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A thread's token: 10 characters of a 32-letter alphabet (50 bits), for the +tag and the subject. */
export function newToken(random: (n: number) => Buffer): string {
  return [...random(10)].map((b) => TOKEN_ALPHABET[b % 32]).join('');
}

const subjectToken = /\[#([a-km-np-z2-9]{10})\]/i;

/** The subject a reply carries: the person's subject, `Re:` once, and the thread's token. */
export function replySubject(subject: string, token: string): string {
  const base = subject.replace(subjectToken, '').replace(/\s+/g, ' ').trim() || '(no subject)';
  return `${/^re:/i.test(base) ? base : `Re: ${base}`} [#${token}]`;
}

/** The thread token a mail names: its reply address's +tag (`support+token@…`) or its subject's `[#token]`. */
export function tokensOf(mail: Pick<InboundMail, 'recipients' | 'subject'>, channelAddress: string): string[] {
  const [local, domain] = channelAddress.toLowerCase().split('@');
  const out: string[] = [];
  for (const r of mail.recipients) {
    const m = /^([^+@]+)\+([a-z0-9]{10})@(.+)$/.exec(r);
    if (m && m[1] === local && m[3] === domain) out.push(m[2]!);
  }
  const s = subjectToken.exec(mail.subject);
  if (s) out.push(s[1]!.toLowerCase());
  return out;
}

/** The +tag reply address of a thread. */
export function replyAddress(channelAddress: string, token: string): string {
  const at = channelAddress.lastIndexOf('@');
  return `${channelAddress.slice(0, at)}+${token}${channelAddress.slice(at)}`;
}
