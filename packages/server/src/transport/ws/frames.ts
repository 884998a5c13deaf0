import type { ClientFrame } from '@parley/shared';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.js';
import { assertStorableInput } from '../http/input-guard.js';

const uuid = z.uuid();
const frameSchema = z.union([
  z.strictObject({
    type: z.literal('auth'),
    visitorToken: z.string().min(1).max(200).optional(),
    accessToken: z.string().min(1).max(200).optional(),
  }),
  z.strictObject({
    type: z.literal('subscribe'),
    topic: z.literal('conversation'),
    id: uuid,
    since: z.number().int().min(0).optional(),
  }),
  z.strictObject({ type: z.literal('subscribe'), topic: z.enum(['my-conversations', 'queue', 'presence']) }),
  z.strictObject({ type: z.literal('unsubscribe'), topic: z.literal('conversation'), id: uuid }),
  z.strictObject({ type: z.literal('unsubscribe'), topic: z.enum(['my-conversations', 'queue', 'presence']) }),
  z.strictObject({ type: z.literal('typing'), conversationId: uuid, typing: z.boolean() }),
  z.strictObject({ type: z.literal('activity'), idle: z.boolean() }),
  z.strictObject({ type: z.literal('ping') }),
]);

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
  const r = frameSchema.safeParse(json);
  if (r.success) return r.data as ClientFrame;
  const type = (json as { type?: unknown } | null)?.type;
  const detail =
    typeof type === 'string' ? `unknown or malformed "${type.slice(0, 30)}" frame` : 'a frame needs a "type"';
  throw new DomainError('request.invalid', `Bad frame: ${detail}`);
}
