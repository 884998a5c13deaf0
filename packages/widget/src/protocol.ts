/**
 * The messages between the loader (on the host page) and the chat app (in the iframe, on Parley's
 * origin). Every message carries `parley: <instance name>`; each side also checks the sender window and
 * its exact origin, so other frames and other Parley instances on the page are ignored.
 */

/** Visitor data a host page may hand over (`Parley('setVisitor', …)`). */
export interface HostVisitor {
  name?: string;
  email?: string;
  phone?: string;
  customFields?: Record<string, string>;
}

/** A signed-in user of the host site (`Parley('setUser', { id, hash })`): hash = HMAC-SHA256(secret, id), hex. */
export interface HostUser {
  id: string;
  hash: string;
}

/** The events a host page can listen to with `Parley('on', name, fn)`. */
export type WidgetEventName = 'ready' | 'open' | 'close' | 'chat-started' | 'message' | 'chat-ended' | 'unread';

export type HostToFrame =
  /** The answer to `hello`: the visitor token kept on the host page (see session.ts), if any. */
  | { t: 'init'; token: string | null; user?: HostUser | null }
  | { t: 'user'; user: HostUser | null }
  | { t: 'open' }
  | { t: 'closed' }
  | { t: 'visitor'; visitor: HostVisitor }
  | { t: 'department'; id: string | null }
  | { t: 'language'; language: string }
  | { t: 'page'; url: string; title: string };

export type FrameToHost =
  /** The app started and listens: the loader sends what it queued. */
  | { t: 'hello' }
  /** Configuration loaded: show the launcher (unless `enabled` is false). */
  | { t: 'ready'; enabled: boolean; online: boolean; color: string; label: string; closeLabel: string; title: string }
  /** Launcher color or labels changed (online/offline, language); `title` names the iframe. */
  | { t: 'look'; online: boolean; color: string; label: string; closeLabel: string; title: string }
  /** The visitor minimized the chat (or pressed Escape) / the app wants to be shown. */
  | { t: 'close' }
  | { t: 'open' }
  /** Agent messages the visitor has not seen (the launcher badge). */
  | { t: 'unread'; count: number }
  /** Keep (or, with null, forget) the visitor token in the host page's storage. */
  | { t: 'token'; token: string | null }
  | { t: 'event'; name: WidgetEventName; data: unknown };

export type Envelope<T> = T & { parley: string };
