/**
 * The keyboard shortcuts (issue 18, item 5), without React: which key does what, and when a key is the
 * app's at all. Single keys act only when the focus is not in a text field or a dialog (typing `j` in a
 * reply stays a `j`); the Alt combinations act from the composer too, which is why they exist.
 */

export type ShortcutAction = 'help' | 'next' | 'previous' | 'compose' | 'canned' | 'transfer' | 'close';

export interface Shortcut {
  action: ShortcutAction;
  /** How the keys read in the help dialog. */
  keys: string[];
  description: string;
}

/** The help dialog's list, in its order. */
export const shortcuts: Shortcut[] = [
  { action: 'help', keys: ['?'], description: 'Show the keyboard shortcuts' },
  { action: 'next', keys: ['j', 'Alt+↓'], description: 'Next conversation' },
  { action: 'previous', keys: ['k', 'Alt+↑'], description: 'Previous conversation' },
  { action: 'compose', keys: ['r', 'Alt+R'], description: 'Write in the composer' },
  { action: 'canned', keys: ['/'], description: 'Insert a canned response (in the composer: ! or /)' },
  { action: 'transfer', keys: ['t', 'Alt+T'], description: 'Transfer the conversation' },
  { action: 'close', keys: ['x', 'Alt+X'], description: 'Close the conversation' },
];

export interface KeyLike {
  key: string;
  /** The physical key (`KeyR`): what Alt combinations are matched by (Alt+R types "®" on a Mac). */
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

const single: Record<string, ShortcutAction> = {
  '?': 'help',
  j: 'next',
  k: 'previous',
  r: 'compose',
  '/': 'canned',
  t: 'transfer',
  x: 'close',
};

const withAlt: Record<string, ShortcutAction> = {
  ArrowDown: 'next',
  ArrowUp: 'previous',
  KeyR: 'compose',
  KeyT: 'transfer',
  KeyX: 'close',
};

/**
 * The action of a key press. `typing`: the focus is in a text field (the single keys are the field's);
 * `inDialog`: a dialog is open (no shortcut: the dialog has the keyboard).
 */
export function shortcutFor(e: KeyLike, where: { typing: boolean; inDialog: boolean }): ShortcutAction | undefined {
  if (where.inDialog || e.ctrlKey || e.metaKey) return undefined;
  if (e.altKey) return e.shiftKey ? undefined : (withAlt[e.code] ?? withAlt[e.key]);
  if (where.typing) return undefined;
  return single[e.key];
}

/** Whether an element takes text (the single-key shortcuts leave it alone). */
export function takesText(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color', 'image'].includes(el.type);
  }
  return (el as HTMLElement).isContentEditable === true;
}

/** The conversation after (`step` 1) or before (-1) `current` in the list, wrapping; the first when none. */
export function neighbour(ids: string[], current: string | undefined, step: 1 | -1): string | undefined {
  if (ids.length === 0) return undefined;
  const i = current ? ids.indexOf(current) : -1;
  if (i < 0) return step === 1 ? ids[0] : ids[ids.length - 1];
  return ids[(i + step + ids.length) % ids.length];
}

const EVENT = 'parley:shortcut';

/** Tells the page on screen (the conversation, the composer) to do a shortcut's action. */
export function dispatchShortcut(action: ShortcutAction): void {
  dispatchEvent(new CustomEvent<ShortcutAction>(EVENT, { detail: action }));
}

/** Listens for shortcut actions; returns the unsubscribe. */
export function onShortcut(handle: (action: ShortcutAction) => void): () => void {
  const l = (e: Event) => handle((e as CustomEvent<ShortcutAction>).detail);
  addEventListener(EVENT, l);
  return () => removeEventListener(EVENT, l);
}
