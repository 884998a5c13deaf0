import { useEffect, useRef } from 'react';

/** How often the log and an open delivery are looked at again while something is pending. */
export const POLL_MS = 3000;

/**
 * Calls `tick` every `everyMs` while `active` (something pending is shown) and the window is visible;
 * stops as soon as `active` turns false. Deliveries have no realtime channel: the sender works in the
 * background, a few seconds apart per attempt.
 */
export function usePoll(active: boolean, tick: () => void, everyMs = POLL_MS): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, everyMs);
    return () => window.clearInterval(timer);
  }, [active, everyMs]);
}
