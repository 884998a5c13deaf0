import { useEffect } from 'react';

/**
 * The offline inbox has no realtime channel of its own: what another agent changed (a claim, a reply)
 * shows when this window gets the focus back, or at the latest after `everyMs` while it is visible.
 */
export function useRefreshOnFocus(refresh: () => void, everyMs = 20_000): void {
  useEffect(() => {
    const onFocus = () => refresh();
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    const timer = window.setInterval(() => document.visibilityState === 'visible' && refresh(), everyMs);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(timer);
    };
  }, [refresh, everyMs]);
}

/** Tells the navigation's count that an item changed here (so it does not wait for its next look). */
export const inboxChanged = () => window.dispatchEvent(new Event('parley:offline-inbox-changed'));
export const onInboxChanged = (fn: () => void) => {
  window.addEventListener('parley:offline-inbox-changed', fn);
  return () => window.removeEventListener('parley:offline-inbox-changed', fn);
};
