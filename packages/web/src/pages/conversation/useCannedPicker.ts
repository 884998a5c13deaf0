import type { CannedResponseView } from '@parley/shared';
import { useRef, useState, type KeyboardEvent } from 'react';
import { cannedApi } from '../../api/cannedResponses';
import { errorMessage } from '../../api/client';
import { cannedTrigger, filterCanned, insertCanned, type CannedTrigger } from './cannedPicker';

/**
 * The composer's `!` picker: opens on `!word` at the caret, filters what the agent may use (loaded once per
 * conversation, on the first `!`), moves with the arrows, inserts with Enter or Tab (its placeholders
 * filled by the server for this conversation), closes with Escape. Off when `enabled` is false.
 */
export function useCannedPicker(opts: {
  enabled: boolean;
  conversationId: string;
  text: string;
  /** Puts the new text in the composer and the caret at `caret`. */
  replace: (text: string, caret: number) => void;
}) {
  const [trigger, setTrigger] = useState<CannedTrigger>();
  const [active, setActive] = useState(0);
  const [items, setItems] = useState<CannedResponseView[]>();
  const [error, setError] = useState<string>();
  /** The `!` position the agent closed the picker at (Escape): it stays closed until another `!`. */
  const [dismissed, setDismissed] = useState<number>();
  const loading = useRef<string>(undefined);

  const load = () => {
    if (loading.current === opts.conversationId) return;
    loading.current = opts.conversationId;
    setError(undefined);
    cannedApi.list({ usable: 'true', limit: 500 }).then(
      (page) => setItems(page.items),
      (err: unknown) => {
        loading.current = undefined;
        setError(errorMessage(err));
      },
    );
  };

  /** Called with the text and caret after every change or caret move. */
  const update = (text: string, caret: number) => {
    if (!opts.enabled) return;
    const t = cannedTrigger(text, caret);
    if (t?.start !== trigger?.start || t?.query !== trigger?.query) setActive(0);
    if (t && t.start !== dismissed) load();
    if (!t) setDismissed(undefined);
    setTrigger(t);
  };

  const open = opts.enabled && trigger !== undefined && trigger.start !== dismissed;
  const matches = open && items ? filterCanned(items, trigger.query) : [];

  const choose = async (r: CannedResponseView) => {
    const t = trigger;
    if (!t) return;
    try {
      const filled = await cannedApi.render(r.id, opts.conversationId);
      const next = insertCanned(opts.text, t, filled.text);
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
    matches,
    active: Math.min(active, Math.max(matches.length - 1, 0)),
    loaded: !!items,
    error,
    update,
    onKeyDown,
    choose,
  };
}
