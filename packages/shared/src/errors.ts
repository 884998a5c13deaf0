/**
 * The one catalog of error codes. A code is stable forever and never reused; its HTTP status is
 * decided here, once. Every 4xx body is `{ code, message, field? }`.
 */
export const errorCatalog = {
  // request shape
  'request.invalid': { status: 400, message: 'The request is not valid' },
  'request.too-large': { status: 413, message: 'The request body is too large' },
  'request.unsupported-media-type': { status: 415, message: 'Unsupported content type' },
  'route.not-found': { status: 404, message: 'No such endpoint' },
  'rate.limited': { status: 429, message: 'Too many requests; slow down and try again shortly' },
  'origin.not-allowed': { status: 403, message: 'This site is not allowed to use the chat widget' },
  // auth
  'auth.unauthenticated': { status: 401, message: 'Sign in first' },
  'auth.forbidden': { status: 403, message: 'Your role does not allow this' },
  'auth.invalid-credentials': { status: 401, message: 'Email or password is wrong' },
  'auth.locked-out': { status: 429, message: 'Too many failed sign-ins; try again later' },
  'auth.account-inactive': { status: 403, message: 'This account is deactivated' },
  'auth.setup-token-invalid': { status: 403, message: 'The setup link is invalid or was already used' },
  'auth.setup-done': { status: 409, message: 'The first administrator already exists' },
  'auth.invitation-invalid': {
    status: 404,
    message: 'This invitation link is not valid or was already used; ask an administrator for a new one',
  },
  'auth.invitation-expired': {
    status: 410,
    message: 'This invitation link has expired; ask an administrator to send a new one',
  },
  'user.not-invited': { status: 409, message: 'This user has already set a password: there is nothing to resend' },
  'auth.password-weak': { status: 400, message: 'The password is too weak' },
  'auth.token-not-found': { status: 404, message: 'No such access token' },
  'auth.cross-site-request': {
    status: 403,
    message: 'Refused: this request came from another site (a signed-in change must come from Parley itself)',
  },
  'visitor.unauthenticated': { status: 401, message: 'A valid visitor token is required' },
  // users
  'user.not-found': { status: 404, message: 'No such user' },
  'user.email-taken': { status: 409, message: 'A user with this email already exists' },
  'user.username-taken': { status: 409, message: 'A user with this username already exists' },
  'user.last-admin': { status: 409, message: 'The last active administrator cannot be removed' },
  // settings
  'setting.unknown': { status: 400, message: 'No such setting' },
  'setting.invalid': { status: 400, message: 'The value is not valid for this setting' },
  // omnichannel
  'omnichannel.disabled': { status: 403, message: 'Omnichannel is disabled' },
  'department.not-found': { status: 404, message: 'No such department' },
  'department.name-taken': { status: 409, message: 'A department with this name already exists' },
  'department.removal-disabled': { status: 403, message: 'Department removal is disabled; archive it instead' },
  'department.in-use': { status: 409, message: 'The department still has open conversations' },
  'department.not-available': { status: 400, message: 'This department is not available' },
  'custom-field.not-found': { status: 404, message: 'No such custom field' },
  'custom-field.exists': { status: 409, message: 'A custom field with this id already exists' },
  'custom-field.invalid': { status: 400, message: 'A custom field value is not valid' },
  'contact.not-found': { status: 404, message: 'No such contact' },
  'contact.blocked': { status: 403, message: 'This contact is blocked on this channel' },
  'contact.merge-self': { status: 400, message: 'A contact cannot be merged into itself' },
  'contact.erased': { status: 409, message: "This contact's personal data was erased" },
  'consent.required': { status: 400, message: 'You must accept the data processing consent' },
  'conversation.not-found': { status: 404, message: 'No such conversation' },
  'conversation.closed': { status: 409, message: 'The conversation is closed' },
  'conversation.not-open': { status: 409, message: 'The conversation is not in a state that allows this' },
  'conversation.already-taken': { status: 409, message: 'Another agent already took this conversation' },
  'conversation.not-assigned-to-you': { status: 403, message: 'This conversation is not assigned to you' },
  'conversation.not-in-your-department': {
    status: 403,
    message: 'This conversation waits in a department you are not a member of',
  },
  'conversation.comment-required': { status: 400, message: 'A closing comment is required' },
  'conversation.tags-required': { status: 400, message: 'This department requires a closing tag' },
  'conversation.no-agent-online': { status: 409, message: 'No agent is available right now; leave a message instead' },
  'conversation.on-hold-not-allowed': { status: 403, message: 'Placing conversations on hold is not allowed' },
  'conversation.on-hold-needs-agent-message': {
    status: 409,
    message: 'A conversation can be placed on hold only after an agent message',
  },
  'conversation.department-switch-disabled': { status: 403, message: 'Switching departments is not allowed' },
  'transfer.not-allowed': { status: 403, message: 'Transfer to this department is not allowed' },
  'transfer.agent-not-eligible': { status: 409, message: 'The target agent cannot take this conversation now' },
  'transfer.same-target': { status: 400, message: 'The conversation is already there' },
  'business-hours.not-found': { status: 404, message: 'No such business hours schedule' },
  'business-hours.name-taken': { status: 409, message: 'A business hours schedule with this name already exists' },
  'business-hours.in-use': {
    status: 409,
    message: 'Departments use this business hours schedule; give them another one first',
  },
  'business-hours.default-in-use': {
    status: 409,
    message: 'This is the default business hours schedule; make another schedule the default first',
  },
  'business-hours.holiday-not-found': { status: 404, message: 'No such holiday in this schedule' },
  'business-hours.holiday-date-taken': { status: 409, message: 'This schedule already has a holiday on that date' },
  'agent.not-found': { status: 404, message: 'No such agent' },
  'agent.capacity-reached': { status: 409, message: 'The agent has reached the maximum number of chats' },
  'agent.outside-business-hours': {
    status: 409,
    message: 'The department is outside its business hours: its agents take no chats until it opens',
  },
  'message.not-found': { status: 404, message: 'No such message' },
  'message.too-long': { status: 400, message: 'The message is longer than the allowed limit' },
  'message.not-author': { status: 403, message: 'Only the author can change this message' },
  'message.empty': { status: 400, message: 'The message is empty' },
  'mention.not-found': { status: 404, message: 'No such mention of yours' },
  'upload.disabled': { status: 403, message: 'File uploads are disabled' },
  'upload.too-large': { status: 413, message: 'The file is larger than allowed' },
  'upload.type-not-allowed': { status: 415, message: 'This file type is not allowed' },
  'upload.missing': { status: 400, message: 'No file was sent' },
  'upload.not-found': { status: 404, message: 'No such file' },
  'priority.not-found': { status: 404, message: 'No such priority' },
  'sla.not-found': { status: 404, message: 'No such SLA policy' },
  'identity.invalid': {
    status: 403,
    message: 'The signed user identity does not match (X-Parley-User-Id and X-Parley-User-Hash)',
  },
  'identity.required': { status: 403, message: 'Verify your identity before starting a chat' },
  'verification.no-email': { status: 400, message: 'An email address is needed to send a verification code' },
  'verification.no-code': { status: 404, message: 'No verification code is pending; ask for a new one' },
  'verification.code-invalid': { status: 400, message: 'The verification code is wrong' },
  'verification.code-expired': { status: 410, message: 'The verification code has expired; ask for a new one' },
  'verification.too-many-attempts': {
    status: 429,
    message: 'Too many wrong codes; ask for a new one',
  },
  'verification.too-many-codes': { status: 429, message: 'Too many verification codes asked for; try again later' },
  'email.invalid': { status: 400, message: 'The email address is not valid' },
  'canned-response.disabled': {
    status: 403,
    message: 'Canned responses are turned off (setting cannedResponses.enabled)',
  },
  'canned-response.not-found': { status: 404, message: 'No such canned response' },
  'canned-response.shortcut-taken': {
    status: 409,
    message: 'A canned response with this shortcut already exists in this scope',
  },
  'webhook.endpoint-not-found': { status: 404, message: 'No such webhook endpoint' },
  'webhook.delivery-not-found': { status: 404, message: 'No such webhook delivery' },
  // calls (issue 17)
  'call.provider-off': {
    status: 409,
    message: 'Video and audio calls are turned off (setting calls.provider is none)',
  },
  'call.not-found': { status: 404, message: 'No such call' },
  'call.ended': { status: 409, message: 'This call has already ended' },
  'call.no-link': { status: 409, message: 'This call has no join link (a phone call)' },
  'call.phone-invalid': { status: 400, message: 'The phone number is not valid (use the international format, +…)' },
  'call.times-invalid': { status: 400, message: 'The call cannot end (or be answered) before it started' },
  'webhook.no-url': { status: 400, message: 'No webhook URL is set (setting crm.webhookUrl)' },
  'webhook.still-pending': {
    status: 409,
    message: 'This delivery is still being attempted; redeliver it once it ended',
  },
  'offline-message.not-found': { status: 404, message: 'No such offline message in the inbox' },
  'offline-message.already-claimed': {
    status: 409,
    message: 'Another agent has already claimed this offline message',
  },
  'offline-message.not-claimed-by-you': {
    status: 403,
    message: 'Only the agent who claimed this offline message may do this (claim it first)',
  },
  'offline-message.done': { status: 409, message: 'This offline message is done; reopen it first' },
  'offline-message.not-done': { status: 409, message: 'Only a done offline message can be reopened' },
  'offline-message.assignee-not-eligible': {
    status: 400,
    message: "The user is not an active agent of the offline message's department",
  },
  'offline-message.no-reply-address': {
    status: 409,
    message: "The visitor's email address cannot receive a reply",
  },
  'email.not-configured': {
    status: 409,
    message:
      'Email is not configured on this server (set the SMTP server in the console, or SMTP_URL): nothing can be sent by email',
  },
  'email.send-failed': { status: 502, message: 'The mail server did not accept the email' },
  'email.job-not-found': { status: 404, message: 'No failing email with this id' },
  // reports and CSAT (issue 21)
  'report.invalid-zone': { status: 400, message: 'Not an IANA time zone' },
  'report.invalid-range': { status: 400, message: 'The range must run forward and span at most 400 days' },
  'rating.disabled': { status: 403, message: 'Rating conversations is turned off (livechat.csat.enabled)' },
  'rating.not-closed': { status: 409, message: 'Only a closed conversation can be rated' },
  'rating.already-rated': { status: 409, message: 'This conversation was already rated' },
  // channels (issue 22)
  'channel.not-found': { status: 404, message: 'No such channel' },
  'channel.name-taken': { status: 409, message: 'A channel with this name already exists' },
  'channel.disabled': { status: 403, message: 'This channel is disabled' },
  'channel.in-use': {
    status: 409,
    message: 'This channel has contacts or conversations: disable it instead of removing it',
  },
  'channel.builtin': { status: 409, message: 'The website widget channel cannot be disabled or removed' },
  'channel.type-not-available': { status: 400, message: 'Channels of this type cannot be created on this server yet' },
  'channel.token-invalid': { status: 401, message: 'A valid API channel token is required (Authorization: Bearer …)' },
  'channel.settings-invalid': { status: 400, message: "The channel's settings are not valid for its type" },
  // server side
  'internal.error': { status: 500, message: 'Something went wrong on our side' },
  'service.unavailable': { status: 503, message: 'The service is shutting down or not ready' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

/** The body of every error answer. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending input, e.g. `body.email` or `settings.livechat.titleColor`. */
  field?: string;
  details?: unknown;
}

export function errorStatus(code: ErrorCode): number {
  return errorCatalog[code].status;
}
