import type { z } from 'zod';
import {
  bool,
  color,
  email,
  enumOf,
  int,
  list,
  listOfEnum,
  listOfHttpsUrls,
  regex,
  secret,
  str,
  text,
  url,
  type SettingDefinition,
} from './types.js';

const G = 'General' as const;
const L = 'Livechat' as const;
const BH = 'Business Hours' as const;
const CRM = 'CRM Integration' as const;
const Q = 'Queue Management' as const;
const R = 'Routing' as const;
const S = 'Sessions' as const;

export const hideableSystemMessages = [
  'user-join',
  'user-leave',
  'conversation-finished',
  'conversation-started',
  'conversation-transferred',
] as const;

/**
 * The guide's example for lead capture of phone numbers, in RE2 syntax: the guide ends each number with
 * the lookahead `(?=[^0-9])|$`, which RE2 has not; here the non-digit (or the end) is matched after the
 * named group `value`, which is what is taken. It finds the same numbers as the guide's pattern.
 */
export const defaultLeadPhoneRegex =
  '(?<value>(?:([0-9]{1,3})|[0-9]{2})[ -]*?[0-9]{4,5}(?:[-\\s_]{1,2})?[0-9]{4}|[0-9]{4,5}(?:[-\\s_]{1,2})?[0-9]{4})(?:[^0-9]|$)';

/**
 * Every setting of `shared/reference/settings.md`, defined once. Key, type and default are a contract.
 * The admin console renders itself from this object, in this order.
 */
export const settingsCatalog = {
  // ── General ──────────────────────────────────────────────────────────────
  'omnichannel.enabled': bool(true, {
    group: G,
    label: 'Omnichannel enabled',
    description:
      'When off, the widget shows nothing, new conversations are refused and agent omnichannel views are hidden.',
    public: true,
  }),
  'general.requireCloseComment': bool(false, {
    group: G,
    label: 'Request comment when closing conversation',
    description: 'Agents must add a comment before closing a chat.',
  }),
  'general.acceptWhenIdle': bool(true, {
    group: G,
    label: 'Accept new omnichannel requests when the agent is idle',
    description: 'When off, agents whose presence is away (idle) are skipped by routing.',
  }),
  'general.continuousSound': bool(false, {
    group: G,
    label: 'Continuous sound notifications for new omnichannel room',
    description: 'The agent workspace repeats the new-chat sound until the chat is taken.',
  }),
  'general.fileUploads': bool(true, {
    group: G,
    label: 'File Uploads Enabled',
    description: 'Allow file uploads on omnichannel conversations (visitors and agents).',
    public: true,
  }),
  'general.transcript.ask': bool(false, {
    group: G,
    label: 'Ask visitors if they would like a transcript after chat closed',
    description: 'The widget offers to email the transcript when the conversation ends.',
    public: true,
  }),
  'general.transcript.message': str('Would you like a copy of this chat emailed?', {
    group: G,
    label: 'Message to Show When Asking About Transcript',
    description: 'Text of the transcript prompt.',
    public: true,
  }),
  'general.departmentRemoval': bool(false, {
    group: G,
    label: 'Enable department removal',
    description: 'Removed departments cannot be restored; archiving is recommended instead.',
  }),

  // ── Livechat ─────────────────────────────────────────────────────────────
  'livechat.title': str(
    'Parley',
    { group: L, label: 'Livechat Title', description: 'Title shown on the widget.', public: true },
    200,
  ),
  'livechat.titleColor': color('#C1272D', {
    group: L,
    label: 'Livechat title background color',
    description: 'Background color of the widget header.',
    public: true,
  }),
  'livechat.messageLimit.enabled': bool(false, {
    group: L,
    label: 'Enable message character limit',
    description: 'Limit the length of visitor messages.',
    public: true,
  }),
  'livechat.messageLimit.max': int(
    0,
    {
      group: L,
      label: 'Livechat message character limit',
      description: 'Maximum characters in a visitor message.',
      public: true,
    },
    { min: 0, max: 100000 },
  ),
  'livechat.offline.displayForm': bool(true, {
    group: L,
    label: 'Display Offline Form',
    description: 'Show the offline form when no agent is available.',
    public: true,
  }),
  'livechat.clearSessionOnEnd': bool(false, {
    group: L,
    label: 'Clear guest session when chat ended',
    description: 'The widget forgets the visitor when a chat ends; the next chat is a new visitor session.',
    public: true,
  }),
  'livechat.offline.validateEmail': bool(true, {
    group: L,
    label: 'Validate Email Address',
    description: "Validate the visitor's email address in the offline and registration forms.",
    public: true,
  }),
  'livechat.offline.unavailableMessage': str('', {
    group: L,
    label: 'Offline Form Unavailable Message',
    description: 'Shown when the offline form is disabled and nobody is available.',
    public: true,
  }),
  'livechat.offline.title': str(
    'Leave a message',
    { group: L, label: 'Title', description: 'The offline form title.', public: true },
    200,
  ),
  'livechat.offline.color': color('#666666', {
    group: L,
    label: 'Color',
    description: 'Color of the offline form header and of the widget icon when offline.',
    public: true,
  }),
  'livechat.offline.instructions': text('We are not online right now. Please leave a message.', {
    group: L,
    label: 'Instructions',
    description: 'Instructions to the visitor on the offline form.',
    public: true,
  }),
  'livechat.offline.email': email('', {
    group: L,
    label: 'Email Address to Send Offline Messages',
    description: 'Each offline message is emailed to this address.',
  }),
  'livechat.offline.successMessage': str('Thanks! We will get back to you.', {
    group: L,
    label: 'Offline Success Message',
    description: 'Shown to the visitor after sending an offline message.',
    public: true,
  }),
  'livechat.csat.enabled': bool(false, {
    group: L,
    label: 'Ask visitors to rate the conversation',
    description:
      'When a conversation closes, the widget asks the visitor to rate it from 1 to 5 with an optional comment; ratings show in the conversation, the agent table and the CSAT report.',
  }),
  'livechat.csat.question': str(
    'How would you rate this conversation?',
    {
      group: L,
      label: 'Rating question',
      description: 'The question the widget asks after the close (fetched with the rating form, not with the widget).',
    },
    200,
  ),
  'livechat.allowSwitchDepartments': bool(true, {
    group: L,
    label: 'Allow Visitor to Switch Departments',
    description: 'Visitors can move their conversation to another department.',
    public: true,
  }),
  'livechat.typingPreview': bool(false, {
    group: L,
    label: 'Typing preview',
    description:
      'A privacy choice: when on, agents see what the visitor is typing before it is sent (the widget sends its draft as it is written; it is shown to staff who may see the conversation and never stored). Off by default: visitors do not expect unsent words to be read. Tell them in your privacy notice if you turn it on.',
    public: true,
  }),
  'livechat.showAgentInfo': bool(true, {
    group: L,
    label: 'Show agent information',
    description: 'Show the serving agent name and avatar in the widget.',
    public: true,
  }),
  'livechat.showAgentEmail': bool(true, {
    group: L,
    label: 'Show agent email',
    description: "Show the agent's email to the visitor (needs agent information).",
    public: true,
  }),
  'livechat.finished.message': str('Conversation finished', {
    group: L,
    label: 'Conversation Finished Message',
    description: 'Sent to the visitor when the conversation is finished.',
    public: true,
  }),
  'livechat.finished.text': text('', {
    group: L,
    label: 'Conversation Finished Text',
    description: 'Additional text shown after a conversation is finished.',
    public: true,
  }),
  'livechat.registration.enabled': bool(true, {
    group: L,
    label: 'Show Pre-registration Form',
    description: 'Show the pre-chat registration form before the first message.',
    public: true,
  }),
  'livechat.registration.nameField': bool(true, {
    group: L,
    label: 'Show name field',
    description: 'Show the name field on the registration form.',
    public: true,
  }),
  'livechat.registration.emailField': bool(true, {
    group: L,
    label: 'Show email field',
    description: 'Show the email field on the registration form.',
    public: true,
  }),
  'livechat.navigation.monitor': enumOf(['url', 'title'], 'url', {
    group: L,
    label: 'Monitor History for Changes on',
    description: 'The widget reports page changes by URL or by page title.',
    public: true,
  }),
  'livechat.navigation.asMessage': bool(false, {
    group: L,
    label: 'Send Visitor Navigation History as a Message',
    description: 'Page changes appear in the conversation as system messages for agents.',
    public: true,
  }),
  'livechat.registration.message': text('', {
    group: L,
    label: 'Registration Form Message',
    description: 'Text shown above the registration form.',
    public: true,
  }),
  'livechat.greeting': text('Hi! How can we help you today?', {
    group: L,
    label: 'Greeting',
    description:
      'The first words of every new chat, shown as from the team before anyone writes, with the usual time to a first reply when it is known (the median of the last recent chats). Empty: no greeting.',
    public: true,
  }),
  'livechat.allowedDomains': list([], {
    group: L,
    label: 'Livechat Allowed Domains',
    description: 'Comma-separated list of domains allowed to embed the widget. Leave blank to allow all domains.',
  }),
  'livechat.identity.secret': secret({
    group: L,
    label: 'Identity Verification Secret',
    description:
      "For sites whose visitors are signed in: the host page passes its user id and HMAC-SHA256(secret, user id) in hex through the widget's JS API (Parley.setUser); every widget call is checked against it, and a matching one marks the visitor verified. Empty: signed identities are not accepted.",
  }),
  'livechat.identity.enforce': bool(false, {
    group: L,
    label: 'Enforce Identity Verification',
    description:
      'Only verified visitors (a signed user id, or an emailed code) may start a chat: anonymous chats are refused. Off: unverified chats work and are marked unverified.',
    public: true,
  }),
  'livechat.verification.emailRequired': bool(false, {
    group: L,
    label: 'Require Email Verification Before Chatting',
    description:
      "The widget asks for the visitor's email and a 6-digit code Parley emails them (valid 10 minutes, 5 attempts) before a chat can start. A visitor verified by a signed user id is not asked.",
    public: true,
  }),
  'livechat.offline.toChannel.enabled': bool(false, {
    group: L,
    label: 'Send Livechat offline messages to a channel',
    description:
      "Each offline message received from now on also lands in the agents' inbox named below (the agent workspace), where the agents of its department claim it, reply by email and mark it done. Messages received while this was off are not imported.",
  }),
  'livechat.offline.toChannel.name': str('', {
    group: L,
    label: 'Channel Name',
    description: 'The title of the inbox in the agent workspace. Empty: "Offline messages".',
  }),
  'livechat.additionalScripts': listOfHttpsUrls([], {
    group: L,
    label: 'Livechat Widget Additional Scripts',
    description: 'Comma-separated https URLs of scripts loaded into the widget.',
    public: true,
  }),
  'livechat.additionalCss': listOfHttpsUrls([], {
    group: L,
    label: 'Livechat Widget Additional CSS',
    description: 'Comma-separated https URLs of stylesheets loaded into the widget.',
    public: true,
  }),
  'livechat.hideSystemMessages': listOfEnum(hideableSystemMessages, [], {
    group: L,
    label: 'Hide system messages',
    description: 'System messages of these types are not shown to the visitor (agents still see them).',
    public: true,
  }),

  // ── Business hours ───────────────────────────────────────────────────────
  'businessHours.enabled': bool(false, {
    group: BH,
    label: 'Business hours enabled',
    description:
      'Outside business hours nobody is routed chats in the department and new chats are refused (the widget shows the offline form with when it opens next); chats open at closing stay with their agents, queued ones wait and are dispatched at the opening. Schedules, holidays and time zones: Business hours in the admin console. With no schedule at all, nothing is limited.',
  }),
  'businessHours.type': enumOf(['single', 'multiple'], 'single', {
    group: BH,
    label: 'Business Hour Type (Single or Multiple)',
    description:
      'Single: the default schedule applies to every department. Multiple: each department follows its own schedule and time zone (a department without one, and a chat without a department, follow the default).',
  }),

  // ── CRM integration ──────────────────────────────────────────────────────
  'crm.webhookUrl': url('', { group: CRM, label: 'Webhook URL', description: 'Destination of all webhook requests.' }),
  'crm.secretToken': secret({
    group: CRM,
    label: 'Secret Token',
    description: 'Sent as the X-Parley-Livechat-Token (and X-RocketChat-Livechat-Token) header.',
  }),
  'crm.on.chatStart': bool(false, {
    group: CRM,
    label: 'Send Request on Chat Start',
    description: 'POST when a conversation starts.',
  }),
  'crm.on.chatClose': bool(false, {
    group: CRM,
    label: 'Send Request on Chat Close',
    description: 'POST when a conversation closes.',
  }),
  'crm.on.chatTaken': bool(false, {
    group: CRM,
    label: 'Send Request on Chat Taken',
    description: 'POST when an agent joins.',
  }),
  'crm.on.chatQueued': bool(false, {
    group: CRM,
    label: 'Send request on Chat Queued',
    description: 'POST when a conversation is queued.',
  }),
  'crm.on.forward': bool(false, {
    group: CRM,
    label: 'Send Request on Forwarding',
    description: 'POST when a conversation is transferred to another agent or department.',
  }),
  'crm.on.offlineMessage': bool(false, {
    group: CRM,
    label: 'Send Request on Offline Messages',
    description: 'POST when a visitor leaves an offline message.',
  }),
  'crm.on.call': bool(false, {
    group: CRM,
    label: 'Send Request on Calls',
    description:
      'POST when a call starts and when it ends (video and audio links, and calls a phone system reports): a LivechatCall body of Parley’s own, the reference product has none.',
  }),
  'crm.on.visitorMessage': bool(false, {
    group: CRM,
    label: 'Send Request on Visitor Messages',
    description: 'POST for each visitor message.',
  }),
  'crm.on.agentMessage': bool(false, {
    group: CRM,
    label: 'Send Request on Agent Messages',
    description: 'POST for each agent message.',
  }),
  'crm.on.navigationHistory': bool(false, {
    group: CRM,
    label: 'Send Visitor Navigation History on Request',
    description: 'Include the visitor navigation history (needs navigation history as a message).',
  }),
  'crm.on.leadCapture': bool(false, {
    group: CRM,
    label: 'Send request on lead capture',
    description: 'POST when a visitor message contains an email or phone number.',
  }),
  'crm.leadEmailRegex': regex('\\b[A-Z0-9._%+-]+@(?:[A-Z0-9-]+\\.)+[A-Z]{2,}\\b', {
    group: CRM,
    label: 'Lead capture email regex',
    description:
      'Emails found in visitor messages (matched case-insensitively) are added to the contact. RE2 syntax (no backreferences or lookaround); empty: none captured.',
  }),
  'crm.leadPhoneRegex': regex(defaultLeadPhoneRegex, {
    group: CRM,
    label: 'Lead capture phone regex',
    description:
      'Phone numbers found in visitor messages are added to the contact (one number once, whatever its spacing). RE2 syntax; a group named value, if any, is what is taken; empty: none captured.',
  }),
  'crm.httpTimeoutMs': int(
    5000,
    { group: CRM, label: 'Livechat_http_timeout', description: 'Timeout of each webhook request.', unit: 'ms' },
    { min: 100, max: 120000 },
  ),

  // ── Canned responses, GDPR ───────────────────────────────────────────────
  'cannedResponses.enabled': bool(true, {
    group: 'Canned Responses',
    label: 'Enable Canned Responses',
    description: 'When off, the canned responses API and composer shortcuts are disabled.',
  }),
  'gdpr.collectHttpHeaders': bool(false, {
    group: 'GDPR',
    label: 'Allow to collect and store HTTP header information',
    description: 'When off, visitor IP, user agent and referrer are not stored anywhere.',
  }),
  'gdpr.forceConsent': bool(false, {
    group: 'GDPR',
    label: 'Force visitors to accept data processing consent',
    description: 'Visitors cannot start a chat without accepting the consent text.',
    public: true,
  }),
  'gdpr.consentText': text('', {
    group: 'GDPR',
    label: 'Data processing consent text',
    description: 'Text shown next to the consent checkbox.',
    public: true,
  }),

  // ── Queue management ─────────────────────────────────────────────────────
  'queue.processingDelaySeconds': int(
    5,
    {
      group: Q,
      label: 'Queue processing delay timeout',
      description:
        'Longest interval between two passes of the dispatcher (it also runs at once on every event that frees capacity). One tick for the whole cluster; a change moves the next one.',
      unit: 's',
    },
    { min: 1, max: 3600 },
  ),
  'queue.waitingQueue.enabled': bool(false, {
    group: Q,
    label: 'Waiting queue',
    description: 'Chats beyond agent capacity wait in the queue and are dispatched in order as capacity frees.',
  }),
  'queue.waitingQueue.message': text('', {
    group: Q,
    label: 'Waiting queue message',
    description: 'Shown to visitors while queued (a department can override it).',
    public: true,
  }),
  'queue.maxChatsPerAgent': int(
    0,
    {
      group: Q,
      label: 'Max. number of simultaneous chats',
      description: 'Per agent; 0 = unlimited. An agent or department value takes precedence.',
    },
    { min: 0, max: 10000 },
  ),
  'queue.statistics.enabled': bool(true, {
    group: Q,
    label: 'Calculate and dispatch Omnichannel waiting queue statistics',
    description: 'Visitors see their live position and estimated wait.',
  }),
  'queue.statistics.recentChats': int(
    100,
    {
      group: Q,
      label: 'Number of recent chats to calculate estimate wait time',
      description: 'Sample size for the wait estimate.',
    },
    { min: 1, max: 10000 },
  ),
  'queue.maxWaitMinutes': int(
    -1,
    {
      group: Q,
      label: 'Maximum waiting time in queue',
      description:
        'A chat queued longer is closed (reason queue-timeout) with a message telling the visitor no agent could take it in time. A change applies to the chats already waiting (counted from when each was queued); -1 = unlimited.',
      unit: 'min',
    },
    { min: -1, max: 100000 },
  ),
  'queue.sorting': enumOf(['timestamp', 'priority', 'sla'], 'timestamp', {
    group: Q,
    label: 'Sorting Mechanism',
    description: 'Order in which queued chats are dispatched.',
  }),

  // ── Routing ──────────────────────────────────────────────────────────────
  'routing.method': enumOf(['auto', 'manual', 'load-balancing', 'load-rotation', 'external'], 'auto', {
    group: R,
    label: 'Omnichannel Routing Method',
    description: 'How new conversations are given to agents.',
  }),
  'routing.acceptWithNoOnlineAgents': bool(false, {
    group: R,
    label: 'Accept with No Online Agents',
    description: 'New chats are queued even when nobody is online (no offline form).',
    public: true,
  }),
  'routing.assignToBot': bool(false, {
    group: R,
    label: 'Assign new conversations to bot agent',
    description: 'An available bot agent is tried first.',
  }),
  'routing.queueListMax': int(
    0,
    { group: R, label: 'Max number of items displayed in the queue', description: '0 = all.' },
    { min: 0, max: 10000 },
  ),
  'routing.showQueueToAllAgents': bool(false, {
    group: R,
    label: 'Show Queue List to All Agents',
    description: 'When off, agents see only the queue of their departments.',
  }),
  'routing.external.url': url('', {
    group: R,
    label: 'External Queue Service URL',
    description: 'Asked for the next agent when the routing method is External.',
  }),
  'routing.external.secretToken': secret({
    group: R,
    label: 'Secret Token',
    description: 'Sent to the external queue service as a header.',
  }),
  'routing.lastChattedAgentPreferred': bool(false, {
    group: R,
    label: 'Last-Chatted Agent Preferred',
    description: 'A returning visitor goes to their last agent when that agent is available and has capacity.',
  }),
  'routing.contactManagerPreferred': bool(true, {
    group: R,
    label: 'Assign new conversations to the contact manager',
    description: 'The contact manager gets the chat when available and has capacity.',
  }),

  // ── Sessions ─────────────────────────────────────────────────────────────
  'sessions.agentOffline.action': enumOf(['none', 'forward', 'close'], 'none', {
    group: S,
    label: 'How to Handle Open Sessions When Agent Goes Offline',
    description:
      'After the wait below, if the agent is still offline, each of their open chats is forwarded (re-routed with the reason agent-offline to another eligible agent, never back to them; to the queue when nobody can take it) or closed (reason agent-offline). Their on-hold chats are left to the on-hold auto-close. Setting none drops the pending timers; agents already offline when it is turned on again are not affected.',
  }),
  'sessions.agentOffline.waitSeconds': int(
    60,
    {
      group: S,
      label: 'How Long to Wait After Agent Goes Offline',
      description:
        "Counted from the moment the agent's presence became offline (last connection closed, heartbeat lost, their process died); cancelled if they come back online or away. A change moves the pending timers to that moment plus the new wait.",
      unit: 's',
    },
    { min: 0, max: 86400 },
  ),
  'sessions.agentOffline.closeComment': str('Closed because the agent went offline', {
    group: S,
    label: 'Comment to Leave on Closing Session',
    description: 'What the visitor reads when that close happens; staff see the reason agent-offline.',
  }),
  'sessions.visitorAbandonment.seconds': int(
    3600,
    {
      group: S,
      label: 'How Long to Wait to Consider Visitor Abandonment?',
      description:
        "Counted from the agent's last message of an open chat; a visitor's message cancels it and each agent message starts it again. One sweep checks the chats, no more often than every 1% of this (1 s to 60 s), so the action may come up to that much after the wait. A change applies to the chats already waiting; 0 = off.",
      unit: 's',
    },
    { min: 0, max: 2592000 },
  ),
  'sessions.visitorAbandonment.action': enumOf(['none', 'close', 'on-hold'], 'none', {
    group: S,
    label: 'How to handle Visitor Abandonment',
    description:
      'Close the conversation (reason abandonment), or place it on hold. Each agent message counts once: a chat that is queued or on hold when its wait ends is left alone until its agent writes again. Turned on (from none or 0 seconds), it counts from then: chats already waiting are left alone until their agent writes again.',
  }),
  'sessions.visitorAbandonment.closeMessage': str('', {
    group: S,
    label: 'Custom message when room is automatically closed by visitor inactivity',
    description:
      'What the visitor reads when that close happens (empty: the usual finished message); staff see the reason abandonment.',
  }),
  'sessions.onHold.autoCloseSeconds': int(
    3600,
    {
      group: S,
      label: 'How long to wait before closing a chat in On Hold Queue?',
      description:
        'A chat on hold this long is closed (reason on-hold-timeout); resuming, transferring or closing it cancels that. A change moves the pending timers (counted from each hold; one held longer closes at once); 0 = off (pending ones are dropped; turned on again, it applies from the next hold).',
      unit: 's',
    },
    { min: 0, max: 2592000 },
  ),
  'sessions.onHold.autoCloseMessage': str('', {
    group: S,
    label: 'Custom message for closed chats in On Hold queue',
    description: 'What the visitor reads when that close happens (empty: the usual finished message).',
  }),
  'sessions.onHold.allowManual': bool(false, {
    group: S,
    label: 'Allow agents to manually place chat On Hold',
    description: 'Agents may place chats on hold.',
  }),
  'sessions.onHold.onlyAfterAgentEngagement': bool(true, {
    group: S,
    label: 'Chats on hold only after agent engagement',
    description: 'On hold is refused unless the last message is the agent’s.',
  }),
  'sessions.autoTransferUnansweredSeconds': int(
    0,
    {
      group: S,
      label: 'Timeout for automatic transfer of unanswered chats',
      description:
        'An assigned chat its agent has not answered this long after assignment is re-routed (reason unanswered) to another eligible agent, never the same one, or to the queue; once per chat. The reply, a hold or a close cancels it. A change moves the pending timers (counted from each assignment); 0 = off (pending ones are dropped; turned on again, it applies from the next assignment).',
      unit: 's',
    },
    { min: 0, max: 86400 },
  ),

  // ── Video and audio call ─────────────────────────────────────────────────
  'calls.provider': enumOf(['none', 'jitsi'], 'none', {
    group: 'Video and Audio Call',
    label: 'Video and Audio Call provider',
    description: 'Agents can start a call from a conversation; both sides get a join link.',
    public: true,
  }),
  'calls.jitsi.baseUrl': url('https://meet.jit.si', {
    group: 'Video and Audio Call',
    label: 'Jitsi base URL',
    description: 'Where call rooms are created.',
  }),
  'calls.jitsi.appId': str('', {
    group: 'Video and Audio Call',
    label: 'Jitsi JWT app ID',
    description:
      'For a self-hosted Jitsi with token authentication: the app ID (the JWT issuer). With the secret below, every join link carries a JWT signed with HS256 for that room only. Empty: links carry no token.',
  }),
  'calls.jitsi.appSecret': secret({
    group: 'Video and Audio Call',
    label: 'Jitsi JWT app secret',
    description: 'The shared secret the self-hosted Jitsi checks join tokens with (never shown again once saved).',
  }),

  // ── Email (outgoing) ─────────────────────────────────────────────────────
  'email.smtp.host': str(
    '',
    {
      group: 'Email',
      label: 'SMTP server',
      description:
        'Host name of the mail server Parley sends through (transcripts, offline messages and their replies, verification codes). Empty: email is off, and the widget promises nothing that needs it. The SMTP_URL environment variable, when set, wins over everything in this group.',
    },
    253,
  ),
  'email.smtp.port': int(
    587,
    { group: 'Email', label: 'SMTP port', description: '587 for STARTTLS, 465 for TLS, 25 for a local relay.' },
    { min: 1, max: 65535 },
  ),
  'email.smtp.security': enumOf(['starttls', 'tls', 'none'], 'starttls', {
    group: 'Email',
    label: 'Connection security',
    description:
      'starttls: upgrade the connection and refuse a server that cannot; tls: TLS from the first byte (port 465); none: plain text (a relay on a trusted network only).',
  }),
  'email.smtp.user': str('', { group: 'Email', label: 'SMTP user', description: 'Empty: no authentication.' }, 320),
  'email.smtp.password': secret({
    group: 'Email',
    label: 'SMTP password',
    description: 'Write-only: never shown again once saved.',
  }),
  'email.from': str(
    '',
    {
      group: 'Email',
      label: 'Sender',
      description:
        'The From of every mail, as `Name <address>` or an address (SMTP_FROM wins when set; empty: the SMTP_FROM default).',
    },
    400,
  ),
} satisfies Record<string, SettingDefinition<never> | SettingDefinition<unknown>>;

export type SettingsCatalog = typeof settingsCatalog;
export type SettingKey = keyof SettingsCatalog;
export type SettingValue<K extends SettingKey> = SettingsCatalog[K] extends SettingDefinition<infer V> ? V : never;
export type SettingValues = { [K in SettingKey]: SettingValue<K> };

export const settingKeys = Object.keys(settingsCatalog) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(settingsCatalog, key);
}

export function settingDefinition<K extends SettingKey>(key: K): SettingDefinition<SettingValue<K>> {
  return settingsCatalog[key] as unknown as SettingDefinition<SettingValue<K>>;
}

export type ZodOf<K extends SettingKey> = z.ZodType<SettingValue<K>>;
