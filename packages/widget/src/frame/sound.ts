/** A short two-tone chime made with WebAudio (no audio file to download). */
let ctx: AudioContext | undefined;

function context(): AudioContext | undefined {
  try {
    ctx ??= new AudioContext();
  } catch {
    return undefined;
  }
  return ctx;
}

/** Browsers only let audio start after a user gesture: create/resume the context on the first one. */
export function unlockSound(): void {
  const c = context();
  if (c?.state === 'suspended') void c.resume().catch(() => undefined);
}

export function chime(): void {
  const c = context();
  if (!c || c.state !== 'running') return;
  const t = c.currentTime;
  for (const [i, freq] of [880, 1320].entries()) {
    const o = c.createOscillator();
    const g = c.createGain();
    o.frequency.value = freq;
    g.gain.setValueAtTime(0.0001, t + i * 0.12);
    g.gain.exponentialRampToValueAtTime(0.15, t + i * 0.12 + 0.02);
    g.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.12 + 0.35);
    o.connect(g).connect(c.destination);
    o.start(t + i * 0.12);
    o.stop(t + i * 0.12 + 0.4);
  }
}
