import type { StaffActor } from '../../kernel/http.js';
import type { ChannelsService } from '../channels/index.js';
import { emailChannelRoutes } from './email-channel.routes.js';
import { emailChannelListeners } from './email-channel.listeners.js';
import { EmailChannels, type EmailChannelDeps } from './email-channel.service.js';
import './email-channel.tables.js';

export type { EmailChannels, EmailLimits, MailOutcome, SendPayload } from './email-channel.service.js';
export { POLL_JOB as EMAIL_POLL_JOB, SEND_JOB as EMAIL_SEND_JOB } from './email-channel.service.js';
export { parseMail, type InboundMail } from './parse.js';

export type EmailChannelModule = ReturnType<typeof createEmailChannelModule>;

/**
 * The email channel (issue 22, docs/email-channel.md): IMAP in, SMTP out. It joins the channels module as
 * the `email` type (its settings' save and its status) and reacts to agents' messages in its conversations.
 */
export function createEmailChannelModule(
  d: EmailChannelDeps & {
    channels: ChannelsService;
    /** The conversations' read rule (throws when the actor may not read the conversation). */
    mayRead: (actor: StaffActor, conversationId: string) => Promise<void>;
  },
) {
  const email = new EmailChannels(d);
  d.channels.registerType('email', {
    save: (channel, settings, isNew) => email.save(channel, settings, isNew),
    status: (channel) => email.status(channel),
  });
  return { email, routes: emailChannelRoutes(email, d.mayRead), listeners: emailChannelListeners(email) };
}
