import type { VerificationStatus, VisitorConversationView, VisitorView, WidgetConfig } from '@parley/shared';
import type { HostUser, HostVisitor } from '../protocol';

/** The widget's configuration, with the visitor and their conversation once there is a token. */
export type Config = WidgetConfig;

/** What the whole app knows; screens read it and ask the app to change it. */
export interface State {
  config: Config;
  token: string | null;
  visitor: VisitorView | null;
  conversation: VisitorConversationView | null;
  /** Set by the host page (`setDepartment`) or chosen on the registration form. */
  departmentId: string | null;
  /** What the host page told us about the visitor (`setVisitor`). */
  prefill: HostVisitor;
  /** Is the widget panel open on the host page? */
  open: boolean;
  /** The host site's signed user (`Parley('setUser', …)`), sent with every call. */
  user: HostUser | null;
  /** Read when the server requires verification before a chat, and after a code is accepted. */
  verification: VerificationStatus | null;
}

export const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function setting<T>(s: State, key: string, fallback: T): T {
  const v = s.config.settings[key];
  return v === undefined || v === null ? fallback : (v as T);
}
export const str = (s: State, key: string) => setting(s, key, '');
export const bool = (s: State, key: string) => setting<unknown>(s, key, false) === true;
export const list = (s: State, key: string): string[] => {
  const v = setting<unknown>(s, key, []);
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',').map((x) => x.trim()) : [];
};

/** The character limit, or 0 when off. */
export function messageLimit(s: State): number {
  const max = Number(setting(s, 'livechat.messageLimit.max', 0));
  return bool(s, 'livechat.messageLimit.enabled') && max > 0 ? max : 0;
}

/** Characters as the server counts them (code points). */
export const charCount = (text: string) => [...text].length;

export const registrationDepartments = (s: State) => s.config.departments.filter((d) => d.showOnRegistration);
export const offlineDepartments = (s: State) => s.config.departments.filter((d) => d.showOnOfflineForm);
