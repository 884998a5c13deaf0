import { describe, expect, it } from 'vitest';
import { chimeWav } from './alerts';

describe('the chime', () => {
  it('is a mono 16-bit PCM WAV of its tones, sound in each, silent at neither end', () => {
    const wav = chimeWav([660, 880], 0.1);
    const v = new DataView(wav.buffer);
    const text = (at: number, n: number) => String.fromCharCode(...wav.slice(at, at + n));
    expect(text(0, 4)).toBe('RIFF');
    expect(text(8, 8)).toBe('WAVEfmt ');
    expect(v.getUint16(20, true)).toBe(1);
    expect(v.getUint16(22, true)).toBe(1);
    expect(v.getUint16(34, true)).toBe(16);
    const samples = v.getUint32(40, true) / 2;
    expect(samples).toBe(2 * Math.round(22050 * 0.1));
    expect(v.getUint32(4, true)).toBe(wav.length - 8);
    const peak = (from: number, to: number) => {
      let m = 0;
      for (let i = from; i < to; i++) m = Math.max(m, Math.abs(v.getInt16(44 + i * 2, true)));
      return m;
    };
    expect(peak(0, samples / 2)).toBeGreaterThan(10_000);
    expect(peak(samples / 2, samples)).toBeGreaterThan(10_000);
    expect(Math.abs(v.getInt16(44, true))).toBeLessThan(100);
  });
});
