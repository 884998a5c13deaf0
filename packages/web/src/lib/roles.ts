import type { StaffRole } from '@parley/shared';
import { t } from '../i18n';

/** Staff roles in display order, with what each one is for. */
export const roleInfo = [
  { role: 'admin', label: 'Administrator', description: 'Everything, including users, settings and the audit log.' },
  { role: 'manager', label: 'Manager', description: 'Omnichannel manager: changes the omnichannel settings.' },
  { role: 'agent', label: 'Agent', description: 'Answers conversations.' },
  { role: 'monitor', label: 'Monitor', description: 'Supervises conversations without answering them.' },
  { role: 'bot', label: 'Bot', description: 'An automated agent; signs in with access tokens only.' },
] as const satisfies ReadonlyArray<{ role: StaffRole; label: string; description: string }>;

// Fails to compile when the server gains a role that this list lacks.
type Unlisted = Exclude<StaffRole, (typeof roleInfo)[number]['role']>;
const everyRoleListed: [Unlisted] extends [never] ? true : never = true;
void everyRoleListed;

export const roleOrder: StaffRole[] = roleInfo.map((r) => r.role);

export function roleLabel(role: string): string {
  const label = roleInfo.find((r) => r.role === role)?.label;
  return label ? t(label) : role;
}
