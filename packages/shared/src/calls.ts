import { z } from 'zod';
import { pageSchema } from './paging.js';

/**
 * Calls (issue 17): video and audio call links posted into a conversation (Jitsi), calls a phone system
 * (PBX) reports, each a record with its wrap-up notes; the Contact Center's Calls tab lists them.
 */
export const callKinds = ['video', 'audio', 'phone'] as const;
export type CallKind = (typeof callKinds)[number];
export const callDirections = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof callDirections)[number];
export const callOutcomes = ['completed', 'declined', 'missed'] as const;
export type CallOutcome = (typeof callOutcomes)[number];
/** `ringing`: started, nobody answered yet; `active`: answered; `ended`: over (see the outcome). */
export const callStatuses = ['ringing', 'active', 'ended'] as const;
export type CallStatus = (typeof callStatuses)[number];

const iso = z.iso.datetime();

export const callViewSchema = z.object({
  id: z.string(),
  kind: z.enum(callKinds),
  direction: z.enum(callDirections),
  status: z.enum(callStatuses),
  outcome: z.enum(callOutcomes).nullable(),
  conversationId: z.string().nullable(),
  contact: z.object({ id: z.string(), name: z.string().nullable(), unknown: z.boolean() }),
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The other party's number (E.164), when known. */
  phone: z.string().nullable(),
  /** Phone calls: the numbers as the phone system reported them (E.164). */
  fromNumber: z.string().nullable(),
  toNumber: z.string().nullable(),
  startedAt: iso,
  answeredAt: iso.nullable(),
  endedAt: iso.nullable(),
  durationSeconds: z.number().int().nullable(),
  recordingUrl: z.string().nullable(),
  externalId: z.string().nullable(),
  wrapUpNotes: z.string().nullable(),
  wrapUpAt: iso.nullable(),
  createdAt: iso,
});
export type CallView = z.infer<typeof callViewSchema>;

/** One call with the contact's call before it (the details of the Calls tab). */
export const callDetailsSchema = callViewSchema.extend({ previousCall: callViewSchema.nullable() });
export type CallDetails = z.infer<typeof callDetailsSchema>;

export const callPageSchema = pageSchema(callViewSchema);
export type CallPage = z.infer<typeof callPageSchema>;

/** `GET /api/v1/calls`: newest first; `q` matches the contact's name (prefix) or phone digits. */
export const callListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  direction: z.enum(callDirections).optional(),
  kind: z.enum(callKinds).optional(),
  outcome: z.enum(callOutcomes).optional(),
  agentId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  from: iso.optional(),
  to: iso.optional(),
  /** `pending`: ended calls without wrap-up notes yet (the agent's wrap-up prompt). */
  wrapUp: z.enum(['pending', 'done']).optional(),
  limit: z.coerce.number<number>().int().min(1).max(100).default(25),
  offset: z.coerce.number<number>().int().min(0).max(1_000_000).default(0),
});
export type CallListQuery = z.input<typeof callListQuery>;

/** `POST /api/v1/calls`: an agent starts a call in a conversation they serve. */
export const startCallBody = z.strictObject({
  conversationId: z.uuid(),
  kind: z.enum(['video', 'audio']).default('video'),
});

/** `PUT /api/v1/calls/:id/wrap-up`. */
export const wrapUpBody = z.strictObject({ notes: z.string().max(10_000) });

/** The join link of a call for whoever asked (the staff or the visitor side). */
export const callJoinSchema = z.object({ url: z.string() });

/**
 * `POST /api/v1/calls/reports`: a phone system reports a call (again, as it goes on: the same
 * `externalId` updates the record). Numbers in international format; times ISO 8601.
 */
export const pbxReportBody = z.strictObject({
  externalId: z.string().trim().min(1).max(200),
  direction: z.enum(callDirections),
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
  startedAt: iso,
  answeredAt: iso.nullish(),
  endedAt: iso.nullish(),
  /** The agent who took or made the call (a staff user id); they get the wrap-up prompt. */
  agentId: z.uuid().nullish(),
  recordingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish(),
  /** Default when ended: completed if answered, else missed. */
  outcome: z.enum(callOutcomes).nullish(),
  /** Attach the call to this contact instead of the one its number matches. */
  contactId: z.uuid().nullish(),
});
export type PbxReport = z.input<typeof pbxReportBody>;
