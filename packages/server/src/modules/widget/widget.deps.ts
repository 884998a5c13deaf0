import type { QueuePosition } from '@parley/shared';
import { z } from 'zod';
import type { VisitorActor } from '../../kernel/http.js';
import type { EventBus } from '../../kernel/bus.js';
import type { AgentsService } from '../agents/index.js';
import type { ChannelBlocks, VerificationService, VisitorsService } from '../contacts/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { OfflineMessagesService } from '../offline-messages/index.js';
import type { SettingsService } from '../settings/index.js';
import { toVisitorConversationView, type ConversationsModule, type ConversationRow } from '../conversations/index.js';
import { visitorPresentation, type MessagesModule } from '../messages/index.js';

export interface WidgetDeps {
  settings: SettingsService;
  bus: EventBus;
  visitors: VisitorsService;
  /** Blocked channels: refused with a neutral answer (contacts' blocking.service.ts). */
  blocks: ChannelBlocks;
  departments: DepartmentsService;
  customFields: CustomFieldsService;
  agents: AgentsService;
  offline: OfflineMessagesService;
  conv: ConversationsModule;
  messages: MessagesModule;
  /** Requests per minute per visitor (and ×20 per IP). */
  ratePerMinute: number;
  /** From routing: can a chat start now (in this department or its fallbacks)? */
  online: (departmentId: string | null) => Promise<boolean>;
  /** From business hours: when this department (or the default schedule) opens next, if hours keep it closed. */
  nextOpening: (departmentId: string | null) => Promise<Date | null>;
  /** Can email leave this server now (the kernel's Mailer)? The widget promises no mail otherwise. */
  emailEnabled: () => boolean;
  /** From routing: where the visitor stands in the queue. */
  queuePosition: (conversationId: string) => Promise<QueuePosition | null>;
  /** Identity verification: checked on every widget call (identity-gate.ts). */
  verification?: VerificationService;
}

export const visitor = { visitor: true } as const;
export const idParams = z.strictObject({ id: z.uuid() });
export const messageParams = z.strictObject({ id: z.uuid(), messageId: z.uuid() });

/** What the widget routes share: rate limits scaled to the configuration, and the visitor's view. */
export function widgetKit(w: WidgetDeps) {
  // Limits per minute at the default WIDGET_RATE_PER_MINUTE (600), scaled with it.
  const rl = (perMinute: number) => ({
    max: Math.max(1, Math.round((perMinute * w.ratePerMinute) / 600)),
    windowMs: 60_000,
  });
  const present = async (c: ConversationRow) => {
    const view = toVisitorConversationView(await w.conv.conversations.view(c), visitorPresentation(w.settings));
    if (c.status === 'queued') view.queue = await w.queuePosition(c.id);
    return view;
  };
  const own = async (actor: VisitorActor, id: string) => w.conv.conversations.forVisitor(actor, id);
  /** Before anything that reaches staff (start, messages, files, typing, department): a blocked channel is refused. */
  const mayWrite = (actor: VisitorActor) => w.blocks.assertMayWrite(actor.visitorId);

  return { rl, present, own, mayWrite };
}
