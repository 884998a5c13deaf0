import { z } from 'zod';
import { staffRoles } from './roles.js';
import { emailField, newPasswordField, userViewSchema } from './users.js';

/** Invitation links are valid this long (72 hours). */
export const INVITATION_TTL_HOURS = 72;

const invitationToken = z
  .string({ error: 'The invitation link is incomplete: open the full link from the email' })
  .min(20, { error: 'The invitation link is incomplete: open the full link from the email' })
  .max(200, { error: 'The invitation link is not valid' });

/** `POST /api/v1/invitations`: invite a person; they choose their own password through the link. */
export const newInvitationBody = z.strictObject({
  email: emailField,
  name: z
    .string({ error: "Enter the person's name" })
    .trim()
    .min(1, { error: "Enter the person's name" })
    .max(120, { error: 'The name is too long (at most 120 characters)' }),
  roles: z
    .array(z.enum(staffRoles.filter((r) => r !== 'bot') as ['admin', 'manager', 'agent', 'monitor']), {
      error: 'Choose at least one role (bots are not invited: they use access tokens)',
    })
    .min(1, { error: 'Choose at least one role' })
    .max(staffRoles.length),
  departmentIds: z
    .array(z.uuid({ error: 'Choose departments from the list' }))
    .max(100)
    .optional(),
});
export type NewInvitation = z.input<typeof newInvitationBody>;

/** `GET /api/v1/invitations/lookup?token=…`: who the link invites (public, rate-limited). */
export const invitationLookupQuery = z.strictObject({ token: invitationToken });

/** `POST /api/v1/invitations/accept`: set the password and sign in. */
export const invitationAcceptBody = z.strictObject({ token: invitationToken, password: newPasswordField });
export type InvitationAccept = z.input<typeof invitationAcceptBody>;

/**
 * The answer to an invitation (new or resent). `emailed`: the link went out by email. When it did not
 * (email is not set up, or the mail server refused it), `link` carries it — shown this once, for the
 * admin to pass on; `emailError` says why it was not mailed.
 */
export const invitationResultSchema = z.object({
  user: userViewSchema,
  expiresAt: z.iso.datetime(),
  emailed: z.boolean(),
  link: z.string().optional(),
  emailError: z.string().optional(),
});
export type InvitationResult = z.infer<typeof invitationResultSchema>;

/** What the invited person sees before choosing a password. */
export const invitationLookupSchema = z.object({ email: z.string(), name: z.string(), expiresAt: z.iso.datetime() });
export type InvitationLookup = z.infer<typeof invitationLookupSchema>;
