import { emailSmtpSecurities, type channelStates } from '@parley/shared';
import { Field, TextField, describedBy } from '../../../components/Field';
import type { TypeFormProps } from '../typeForms';
import { formatDateTime } from '../../../components/format';
import { t } from '../../../i18n';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown, d = '') => (typeof v === 'string' ? v : d);
const numStr = (v: unknown, d: number) => String(typeof v === 'number' ? v : d);

/** English here, translated where shown. */
const securityLabels: Record<(typeof emailSmtpSecurities)[number], string> = {
  starttls: 'STARTTLS (usually port 587)',
  tls: 'TLS from the start (usually port 465)',
  none: 'None (only on a trusted network)',
};

/** The mailbox connection's state as the status line says it. */
const mailboxLabels: Record<(typeof channelStates)[number], string> = {
  ok: 'Mailbox: connected',
  connecting: 'Mailbox: connecting…',
  error: 'Mailbox: error',
  disabled: 'Mailbox: disabled',
};

/**
 * The email channel's own fields (docs/email-channel.md): the address people write to, the mailbox read by
 * IMAP, the SMTP server replies leave through. Passwords are write-only: empty keeps the stored one. The
 * mailbox connection's state (and why it fails) is shown above the fields when editing.
 */
export function EmailChannelForm({ channel, value, onChange, errors }: TypeFormProps) {
  const imap = obj(value.imap);
  const smtp = obj(value.smtp);
  const saved = obj(channel?.settings);
  const imapSet = obj(saved.imap).passwordSet === true;
  const smtpSet = obj(saved.smtp).passwordSet === true;
  // The view's `passwordSet` flags are not part of a save; a password is sent only when typed.
  const clean = (part: Obj) => {
    const { passwordSet: _set, ...rest } = part;
    if (rest.password === '') delete rest.password;
    return rest;
  };
  const set = (patch: Obj) =>
    onChange({ ...value, ...patch, imap: clean(obj(patch.imap ?? imap)), smtp: clean(obj(patch.smtp ?? smtp)) });
  const setImap = (patch: Obj) => set({ imap: { ...imap, ...patch } });
  const setSmtp = (patch: Obj) => set({ smtp: { ...smtp, ...patch } });
  const toPort = (v: string) => (/^\d{1,5}$/.test(v) ? Number(v) : v);
  const status = channel?.status;

  return (
    <div className="stack" data-testid="email-channel-form">
      {status && (
        <p className={`email-channel-status status-${status.state}`} role="status" data-testid="email-channel-status">
          {t(mailboxLabels[status.state])}
          {status.detail ? ` — ${status.detail}` : ''}
          {status.at ? ` ${t('(since {at})', { at: formatDateTime(status.at) })}` : ''}
        </p>
      )}
      <TextField
        id="email-address"
        label={t('Address')}
        hint={t(
          'The address people write to. Replies leave from it, with a reply address of its own per conversation (address+tag).',
        )}
        type="email"
        value={str(value.address)}
        onChange={(v) => set({ address: v })}
        error={errors.address}
        autoComplete="off"
        required
      />
      <TextField
        id="email-from-name"
        label={t('Sender name')}
        hint={t("Shown as the sender of replies; the channel's name when empty.")}
        value={str(value.fromName)}
        onChange={(v) => set({ fromName: v === '' ? undefined : v })}
        error={errors.fromName}
        autoComplete="off"
      />
      <fieldset className="fieldset">
        <legend>{t('Incoming mail (IMAP)')}</legend>
        <TextField
          id="email-imap-host"
          label={t('IMAP server')}
          value={str(imap.host)}
          onChange={(v) => setImap({ host: v })}
          error={errors['imap.host']}
          placeholder="imap.example.com"
          autoComplete="off"
          required
        />
        <TextField
          id="email-imap-port"
          label={t('Port')}
          inputMode="numeric"
          value={numStr(imap.port, 993)}
          onChange={(v) => setImap({ port: toPort(v) })}
          error={errors['imap.port']}
        />
        <label className="choice">
          <input
            type="checkbox"
            id="email-imap-tls"
            checked={imap.tls !== false}
            onChange={(e) => setImap({ tls: e.target.checked })}
          />
          {t('TLS from the start (port 993); off: plain, upgraded with STARTTLS when the server offers it')}
        </label>
        <TextField
          id="email-imap-user"
          label={t('User name')}
          value={str(imap.user)}
          onChange={(v) => setImap({ user: v })}
          error={errors['imap.user']}
          autoComplete="off"
          required
        />
        <TextField
          id="email-imap-password"
          label={t('Password')}
          type="password"
          hint={imapSet ? t('A password is stored; leave empty to keep it.') : undefined}
          value={str(imap.password)}
          onChange={(v) => setImap({ password: v })}
          error={errors['imap.password']}
          autoComplete="new-password"
        />
        <TextField
          id="email-imap-mailbox"
          label={t('Folder')}
          value={str(imap.mailbox, 'INBOX')}
          onChange={(v) => setImap({ mailbox: v })}
          error={errors['imap.mailbox']}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('Outgoing mail (SMTP)')}</legend>
        <TextField
          id="email-smtp-host"
          label={t('SMTP server')}
          value={str(smtp.host)}
          onChange={(v) => setSmtp({ host: v })}
          error={errors['smtp.host']}
          placeholder="smtp.example.com"
          autoComplete="off"
          required
        />
        <TextField
          id="email-smtp-port"
          label={t('Port')}
          inputMode="numeric"
          value={numStr(smtp.port, 587)}
          onChange={(v) => setSmtp({ port: toPort(v) })}
          error={errors['smtp.port']}
        />
        <Field id="email-smtp-security" label={t('Security')} error={errors['smtp.security']}>
          <select
            id="email-smtp-security"
            className="input select"
            value={str(smtp.security, 'starttls')}
            onChange={(e) => setSmtp({ security: e.target.value })}
            aria-describedby={describedBy('email-smtp-security', false, !!errors['smtp.security'])}
          >
            {emailSmtpSecurities.map((s) => (
              <option key={s} value={s}>
                {t(securityLabels[s])}
              </option>
            ))}
          </select>
        </Field>
        <TextField
          id="email-smtp-user"
          label={t('User name')}
          hint={t('Empty when the server needs no sign-in.')}
          value={str(smtp.user)}
          onChange={(v) => setSmtp({ user: v })}
          error={errors['smtp.user']}
          autoComplete="off"
        />
        <TextField
          id="email-smtp-password"
          label={t('Password')}
          type="password"
          hint={smtpSet ? t('A password is stored; leave empty to keep it.') : undefined}
          value={str(smtp.password)}
          onChange={(v) => setSmtp({ password: v })}
          error={errors['smtp.password']}
          autoComplete="new-password"
        />
      </fieldset>
      <TextField
        id="email-poll-seconds"
        label={t('Check for new mail every (seconds)')}
        inputMode="numeric"
        value={numStr(value.pollSeconds, 30)}
        onChange={(v) => set({ pollSeconds: toPort(v) })}
        error={errors.pollSeconds}
      />
    </div>
  );
}
