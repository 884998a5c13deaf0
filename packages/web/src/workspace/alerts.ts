/**
 * New-chat alerts: a short WebAudio chime (no sound file to download) and a desktop notification when the
 * user allowed them and is looking elsewhere.
 */

let audio: AudioContext | undefined;

/** Browsers allow sound only after a user gesture: the first click or key press prepares it. */
export function prepareSound(): () => void {
  const unlock = () => {
    try {
      audio ??= new AudioContext();
      if (audio.state === 'suspended') void audio.resume();
    } catch {
      // no audio here
    }
  };
  addEventListener('pointerdown', unlock, { capture: true });
  addEventListener('keydown', unlock, { capture: true });
  return () => {
    removeEventListener('pointerdown', unlock, { capture: true });
    removeEventListener('keydown', unlock, { capture: true });
  };
}

/** Two rising tones, ~0.35 s. `soft` for a new message (one quiet tone). */
export function chime(soft = false): void {
  if (!audio || audio.state !== 'running') return;
  const t0 = audio.currentTime;
  const tones = soft ? [660] : [660, 880];
  tones.forEach((freq, i) => {
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const start = t0 + i * 0.16;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(soft ? 0.08 : 0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.15);
    osc.connect(gain).connect(audio!.destination);
    osc.start(start);
    osc.stop(start + 0.16);
  });
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
