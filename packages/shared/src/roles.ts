/** Staff roles. `manager` is the livechat manager of the admin guide. */
export const staffRoles = ['admin', 'manager', 'agent', 'monitor', 'bot'] as const;
export type StaffRole = (typeof staffRoles)[number];
