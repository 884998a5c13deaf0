import { useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { Trigger } from './triggerPicker';

/**
 * A composer picker opened by a trigger character at the caret (canned responses on `!` or `/`,
 * colleagues on `@`): items loaded once per conversation on the first trigger, filtered as the agent
 * types, arrows move, Enter or Tab insert, Escape closes (it stays closed until another trigger).
 */
export function useTriggerPicker<T>(opts: {
  enabled: boolean;
  conversationId: string;
  text: string;
  /** Puts the new text in the composer and the caret at `caret`. */
  replace: (text: string, caret: number) => void;
  /** The trigger at the caret, if any. */
  find: (text: string, caret: number) => Trigger | undefined;
  /** The items for this conversation. */
  load: (conversationId: string) => Promise<T[]>;
  filter: (items: readonly T[], query: string) => T[];
  /** The composer's text with `item` inserted at the trigger (may ask the server, e.g. placeholders). */
  insert: (
    text: string,
    trigger: Trigger,
    item: T,
  ) => Promise<{ text: string; caret: number }> | { text: string; caret: number };
}) {
  const [trigger, setTrigger] = useState<Trigger>();
  const [active, setActive] = useState(0);
  const [items, setItems] = useState<T[]>();
  const [error, setError] = useState<string>();
  /** The trigger position the agent closed the picker at (Escape). */
  const [dismissed, setDismissed] = useState<number>();
  const loading = useRef<string>(undefined);

  const load = () => {
    if (loading.current === opts.conversationId) return;
    loading.current = opts.conversationId;
    setError(undefined);
    opts.load(opts.conversationId).then(setItems, (err: unknown) => {
      loading.current = undefined;
      setError(errorMessage(err));
    });
  };

  /** Called with the text and caret after every change or caret move. */
  const update = (text: string, caret: number) => {
    if (!opts.enabled) return setTrigger(undefined);
    const t = opts.find(text, caret);
    if (t?.start !== trigger?.start || t?.query !== trigger?.query) setActive(0);
    if (t && t.start !== dismissed) load();
    if (!t) setDismissed(undefined);
    setTrigger(t);
  };

  const open = opts.enabled && trigger !== undefined && trigger.start !== dismissed;
  const matches = open && items ? opts.filter(items, trigger.query) : [];

  const choose = async (item: T) => {
    const t = trigger;
    if (!t) return;
    try {
      const next = await opts.insert(opts.text, t, item);
      setTrigger(undefined);
      opts.replace(next.text, next.caret);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  /** Handles the picker's keys; true when the key was the picker's (the composer does nothing more). */
  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!open) return false;
    if (e.key === 'Escape') {
      e.preventDefault();
      setDismissed(trigger.start);
      return true;
    }
    if (matches.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + matches.length) % matches.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      void choose(matches[Math.min(active, matches.length - 1)]!);
      return true;
    }
    return false;
  };

  return {
    open,
    trigger: open ? trigger : undefined,
    matches,
    active: Math.min(active, Math.max(matches.length - 1, 0)),
    loaded: !!items,
    error,
    update,
    onKeyDown,
    choose,
  };
}

export type TriggerPicker<T> = ReturnType<typeof useTriggerPicker<T>>;
