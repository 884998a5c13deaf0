import { INVITATION_TTL_HOURS, type InvitationLookup, type InvitationResult, type StaffRole } from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { hashToken, secretToken } from '../../kernel/ids.js';
import type { Mailer } from '../../kernel/mailer.js';
import type { AuditService } from '../audit/index.js';
import { checkPasswordStrength, toUserView, type UserRow, type UsersService } from '../users/index.js';
import './auth.tables.js';

export interface InvitationDeps {
  db: Db;
  users: UsersService;
  audit: AuditService;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
  /** Puts the new agent in these departments (the departments module checks they exist and are usable). */
  joinDepartments: (userId: string, departmentIds: string[], actor: StaffActor) => Promise<void>;
}

/**
 * Staff invited by email (issue 19 item 3). The user exists at once, without a password, and cannot sign
 * in; a one-time link (random token, only its hash stored, valid 72 hours) lets them choose their password.
 * Re-inviting replaces the link. The link is mailed through the kernel's Mailer; when email is not set up
 * or the mail server refuses, the answer carries the link instead, for the admin to pass on. It is sent
 * at once rather than queued: a queued mail would keep the secret link in the jobs table.
 */
export class InvitationsService {
  constructor(private readonly d: InvitationDeps) {}

  async invite(
    input: { email: string; name: string; roles: StaffRole[]; departmentIds?: string[] },
    actor: StaffActor,
    ip?: string,
  ): Promise<InvitationResult> {
    const departmentIds = [...new Set(input.departmentIds ?? [])];
    if (departmentIds.length > 0 && !input.roles.includes('agent')) {
      fail(
        'request.invalid',
        'Only agents belong to departments: add the agent role or choose no department',
        'body.departmentIds',
      );
    }
    const { user, token, expiresAt } = await this.d.db.tx(async () => {
      const view = await this.d.users.create({ email: input.email, name: input.name, roles: input.roles }, actor, ip, {
        invited: true,
      });
      if (departmentIds.length > 0) await this.d.joinDepartments(view.id, departmentIds, actor);
      const issued = await this.issue(view.id, actor, 'user.invited', ip);
      return { user: await this.d.users.get(view.id), ...issued };
    });
    return this.deliver(user, token, expiresAt);
  }

  /** A new link for someone who has not accepted yet; the old link stops working. */
  async resend(userId: string, actor: StaffActor, ip?: string): Promise<InvitationResult> {
    const { user, token, expiresAt } = await this.d.db.tx(async () => {
      const user = await this.d.users.get(userId);
      if (!toUserView(user).invited) fail('user.not-invited', undefined, 'params.id');
      if (!user.active) fail('auth.account-inactive', 'This user is deactivated: activate them before inviting again');
      return { user, ...(await this.issue(user.id, actor, 'user.invitation-resent', ip)) };
    });
    return this.deliver(user, token, expiresAt);
  }

  /** Who a link invites; a wrong, used or expired link is refused with what to do. */
  async lookup(token: string): Promise<InvitationLookup> {
    const { user, expiresAt } = await this.valid(token, 'query.token');
    return { email: user.email, name: user.name, expiresAt: expiresAt.toISOString() };
  }

  /** Sets the password through the link (once: the invitation is deleted); the caller signs them in. */
  async accept(token: string, password: string, ip?: string): Promise<UserRow> {
    const first = await this.valid(token, 'body.token');
    checkPasswordStrength(password, 'body.password', first.user.email);
    return this.d.db.tx(async (trx) => {
      // Locked and read again: of two uses of one link at the same time, only one gets through.
      const row = await trx
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', hashToken(token))
        .forUpdate()
        .executeTakeFirst();
      if (!row) fail('auth.invitation-invalid', undefined, 'body.token');
      await trx.deleteFrom('invitations').where('user_id', '=', row.user_id).execute();
      const user = await this.d.users.get(row.user_id);
      const self: StaffActor = {
        kind: 'staff',
        userId: user.id,
        roles: user.roles,
        name: user.name,
        email: user.email,
        via: 'session',
      };
      await this.d.users.update(user.id, { password }, self, ip);
      await this.d.audit.record(
        self,
        { action: 'user.invitation-accepted', targetType: 'user', targetId: user.id },
        ip,
      );
      return user;
    });
  }

  private async valid(token: string, field: string): Promise<{ user: UserRow; expiresAt: Date }> {
    const row = await this.d.db.q
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row) fail('auth.invitation-invalid', undefined, field);
    if (row.expires_at.getTime() <= this.d.clock.now().getTime()) fail('auth.invitation-expired', undefined, field);
    const user = await this.d.users.get(row.user_id);
    if (!user.active) fail('auth.account-inactive');
    return { user, expiresAt: row.expires_at };
  }

  /** Stores a fresh token's hash for the user (replacing any earlier one) and audits it. */
  private async issue(userId: string, actor: StaffActor, action: string, ip?: string) {
    const token = secretToken();
    const now = this.d.clock.now();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_HOURS * 3_600_000);
    const row = { token_hash: hashToken(token), invited_by: actor.userId, created_at: now, expires_at: expiresAt };
    await this.d.db.q
      .insertInto('invitations')
      .values({ user_id: userId, ...row })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
    await this.d.audit.record(
      actor,
      { action, targetType: 'user', targetId: userId, changes: { expiresAt: expiresAt.toISOString() } },
      ip,
    );
    return { token, expiresAt };
  }

  private async deliver(user: UserRow, token: string, expiresAt: Date): Promise<InvitationResult> {
    const link = `${this.d.publicUrl}/invite?token=${token}`;
    const base = { user: toUserView(user), expiresAt: expiresAt.toISOString() };
    if (!this.d.mailer.configured) {
      return { ...base, emailed: false, link, emailError: 'Email is not set up, so the link was not sent.' };
    }
    try {
      await this.d.mailer.send({
        to: user.email,
        subject: 'You are invited to Parley',
        text:
          `Hello ${user.name},\n\nYou have been invited to join your team on Parley.\n` +
          `Choose your password here (the link works once, for ${INVITATION_TTL_HOURS} hours):\n\n${link}\n`,
      });
      return { ...base, emailed: true };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { ...base, emailed: false, link, emailError: `The mail server refused the email: ${reason}` };
    }
  }
}
