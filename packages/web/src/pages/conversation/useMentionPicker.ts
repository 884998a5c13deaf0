import type { Mentionable } from '@parley/shared';
import { useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api/client';
import { notesApi } from '../../api/mentions';
import { filterMentionable, insertMention, mentionTrigger, type MentionTrigger } from './mentionPicker';

type Colleague = Mentionable['items'][number];

/**
 * The note composer's `@` picker: opens on `@word` at the caret, lists the colleagues who may read this
 * conversation (loaded once per conversation, on the first `@`), arrows move, Enter or Tab insert
 * `@username`, Escape closes. Typing the username by hand works the same without it.
 */
export function useMentionPicker(opts: {
  enabled: boolean;
  conversationId: string;
  text: string;
  replace: (text: string, caret: number) => void;
}) {
  const [trigger, setTrigger] = useState<MentionTrigger>();
  const [active, setActive] = useState(0);
  const [items, setItems] = useState<Colleague[]>();
  const [error, setError] = useState<string>();
  const [dismissed, setDismissed] = useState<number>();
  const loading = useRef<string>(undefined);

  const load = () => {
    if (loading.current === opts.conversationId) return;
    loading.current = opts.conversationId;
    setError(undefined);
    notesApi.mentionable(opts.conversationId).then(
      (r) => setItems(r.items),
      (err: unknown) => {
        loading.current = undefined;
        setError(errorMessage(err));
      },
    );
  };

  const update = (text: string, caret: number) => {
    if (!opts.enabled) return setTrigger(undefined);
    const t = mentionTrigger(text, caret);
    if (t?.start !== trigger?.start || t?.query !== trigger?.query) setActive(0);
    if (t && t.start !== dismissed) load();
    if (!t) setDismissed(undefined);
    setTrigger(t);
  };

  const open = opts.enabled && trigger !== undefined && trigger.start !== dismissed;
  const matches = open && items ? filterMentionable(items, trigger.query) : [];

  const choose = (u: Colleague) => {
    if (!trigger) return;
    const next = insertMention(opts.text, trigger, u.username);
    setTrigger(undefined);
    opts.replace(next.text, next.caret);
  };

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
      choose(matches[Math.min(active, matches.length - 1)]!);
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
