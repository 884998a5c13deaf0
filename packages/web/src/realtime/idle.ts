const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

/**
 * Calls `onChange(true)` after `afterMs` without keyboard, pointer or focus activity in the app, and
 * `onChange(false)` at the next activity. One timer, reset at most every few seconds; nothing polls.
 */
export function watchIdle(onChange: (idle: boolean) => void, afterMs = 5 * 60_000): () => void {
  let idle = false;
  let lastReset = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      onChange(true);
    }, afterMs);
  };
  const activity = () => {
    if (idle) {
      idle = false;
      onChange(false);
    }
    const now = Date.now();
    if (now - lastReset < 5000) return;
    lastReset = now;
    arm();
  };
  for (const e of ACTIVITY_EVENTS) addEventListener(e, activity, { passive: true, capture: true });
  arm();
  return () => {
    clearTimeout(timer);
    for (const e of ACTIVITY_EVENTS) removeEventListener(e, activity, { capture: true });
  };
}
