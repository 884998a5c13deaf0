/**
 * Alerts: a short chime (a WAV made here, played by an `<audio>` element: nothing to download, and the
 * browser's media controls and autoplay rules apply as to any page sound) and a desktop notification when
 * the user allowed them and is looking elsewhere.
 */

const RATE = 22050;

/**
 * A mono 16-bit PCM WAV of the tones one after another (each 0.15 s, a soft attack and decay), as bytes.
 */
export function chimeWav(tones: number[], toneSeconds = 0.15): Uint8Array {
  const perTone = Math.round(RATE * toneSeconds);
  const samples = perTone * tones.length;
  const bytes = new Uint8Array(44 + samples * 2);
  const v = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, RATE, true);
  v.setUint32(28, RATE * 2, true); // bytes per second
  v.setUint16(32, 2, true); // bytes per frame
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, samples * 2, true);
  tones.forEach((freq, t) => {
    for (let n = 0; n < perTone; n++) {
      const attack = Math.min(1, n / (RATE * 0.01));
      const decay = Math.exp((-4 * n) / perTone);
      const x = Math.sin((2 * Math.PI * freq * n) / RATE) * attack * decay * 0.6;
      v.setInt16(44 + (t * perTone + n) * 2, Math.round(x * 32767), true);
    }
  });
  return bytes;
}

const sounds: Partial<Record<'chat' | 'message', string>> = {};

/**
 * Two rising tones (a new chat), or `soft`: one quieter tone (a new message). Browsers play sound only
 * once the user has clicked or typed in the page; before that the browser refuses and nothing happens.
 */
export function chime(soft = false): void {
  if (typeof Audio === 'undefined') return;
  const kind = soft ? 'message' : 'chat';
  try {
    sounds[kind] ??= URL.createObjectURL(
      new Blob([chimeWav(soft ? [660] : [660, 880]) as BlobPart], { type: 'audio/wav' }),
    );
    const a = new Audio(sounds[kind]);
    a.volume = soft ? 0.4 : 1;
    void a.play().catch(() => undefined);
  } catch {
    // no audio here
  }
}

export type NotificationState = 'unsupported' | 'default' | 'granted' | 'denied';

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askNotificationPermission(): Promise<NotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** A desktop notification is due only when the user allowed them and the app is not in front of them. */
export function shouldNotify(permission: NotificationState, page: { visible: boolean; focused: boolean }): boolean {
  return permission === 'granted' && !(page.visible && page.focused);
}

/** A desktop notification, only when allowed and the app is not in front of the user. */
export function notifyDesktop(title: string, body: string, onClick?: () => void): void {
  const page = { visible: document.visibilityState === 'visible', focused: document.hasFocus() };
  if (!shouldNotify(notificationState(), page)) return;
  try {
    const n = new Notification(title, { body, tag: title + body });
    n.onclick = () => {
      window.focus();
      onClick?.();
      n.close();
    };
  } catch {
    // some browsers allow notifications only from a service worker
  }
}
