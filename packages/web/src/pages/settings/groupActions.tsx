import type { SettingView } from '@parley/shared';
import type { ComponentType } from 'react';
import { EmailPanel } from '../email/EmailPanel';
import { CrmSendTest } from '../webhooks/CrmSendTest';

/** What a group's action sees: the saved settings (all groups) and the keys with unsaved edits. */
export interface GroupActionProps {
  settings: readonly SettingView[];
  unsaved: readonly string[];
}

/**
 * Actions shown at the end of a setting group, beside the form's Save: they act on the saved values
 * (e.g. the CRM group's "Send test"). A group without one shows nothing.
 */
const groupActions: Partial<Record<string, ComponentType<GroupActionProps>>> = {
  'CRM Integration': CrmSendTest,
  Email: EmailPanel,
};

export function GroupAction({ group, ...props }: GroupActionProps & { group: string }) {
  const Action = groupActions[group];
  return Action ? <Action {...props} /> : null;
}
