import type { ChannelType, ChannelView } from '@parley/shared';
import type { ComponentType } from 'react';
import { ApiChannelForm } from './ApiChannelForm';
import { EmailChannelForm } from './email/EmailChannelForm';
import { WidgetChannelForm } from './WidgetChannelForm';

/**
 * A channel type's own fields in Administration → Channels (the create and edit form renders the one of
 * the channel's type). `value` is the body's `settings` object being edited; the page sends it as is.
 */
export interface TypeFormProps {
  /** The channel being edited; undefined while creating one. */
  channel?: ChannelView | undefined;
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>): void;
  /** The server's (or the form's) errors by field, relative to `settings` (e.g. `callbackUrl`). */
  errors: Record<string, string>;
}

/**
 * One entry per channel type. The email channel's engineer adds its component (pages/channels/email/) with
 * one line here; until then email channels cannot be created (the server refuses them too).
 */
export const typeForms: Partial<Record<ChannelType, ComponentType<TypeFormProps>>> = {
  widget: WidgetChannelForm,
  api: ApiChannelForm,
  email: EmailChannelForm,
};

/** How each type is called in the console. */
export const typeLabels: Record<ChannelType, string> = {
  widget: 'Website widget',
  email: 'Email',
  api: 'API',
};
