import type { Envelope, FrameToHost, HostToFrame, WidgetEventName } from '../protocol';

const params = new URLSearchParams(location.hash.slice(1));
export const embedded = window.parent !== window;
export const instanceName = params.get('n') ?? 'Parley';
export const initialDepartment = params.get('d');
export const initialLanguage = params.get('l');

function originOf(v: string | null): string | null {
  try {
    const u = new URL(v ?? '');
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The host page's origin, as the loader told us. Where the browser names the embedding page itself
 * (location.ancestorOrigins), both must agree: a page cannot pose as another site. Standalone (the frame
 * opened directly) it is Parley's own origin.
 */
export const hostOrigin: string | null = (() => {
  if (!embedded) return location.origin;
  const claimed = originOf(params.get('o'));
  const actual = location.ancestorOrigins?.[0];
  if (!claimed || (actual !== undefined && actual !== claimed)) return null;
  return claimed;
})();

export function toHost(m: FrameToHost): void {
  if (embedded && hostOrigin) window.parent.postMessage({ ...m, parley: instanceName }, hostOrigin);
}

export function hostEvent(name: WidgetEventName, data: unknown = null): void {
  toHost({ t: 'event', name, data });
}

/** Messages from the host page: only from our parent window, only from its exact origin. */
export function onHost(handler: (m: HostToFrame) => void): void {
  addEventListener('message', (e: MessageEvent) => {
    if (!embedded || e.source !== window.parent || e.origin !== hostOrigin) return;
    const m = e.data as Envelope<HostToFrame> | null;
    if (!m || typeof m !== 'object' || m.parley !== instanceName || typeof m.t !== 'string') return;
    handler(m);
  });
}
