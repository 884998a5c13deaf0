import { clientFrameSchema, type ClientFrame } from '@parley/shared';
import { DomainError } from '../../kernel/errors.js';
import { assertStorableInput } from '../http/input-guard.js';

/** Parses one client frame; anything malformed is a clear `request.invalid`, never a crash. */
export function parseClientFrame(raw: string): ClientFrame {
  if (raw.length > 10_000) throw new DomainError('request.too-large', 'Frames may be at most 10 000 characters');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new DomainError('request.invalid', 'Frames are JSON objects');
  }
  assertStorableInput(json, 'frame');
  const r = clientFrameSchema.safeParse(json);
  if (r.success) return r.data;
  const type = (json as { type?: unknown } | null)?.type;
  const detail =
    typeof type === 'string' ? `unknown or malformed "${type.slice(0, 30)}" frame` : 'a frame needs a "type"';
  throw new DomainError('request.invalid', `Bad frame: ${detail}`);
}
