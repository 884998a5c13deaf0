import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * API answers that every page view asks for and that rarely change (the widget's configuration): they
 * carry an ETag of their body and `no-cache`, so a browser revalidates and an unchanged answer costs a
 * bodiless 304 instead of the whole JSON. `private`: with a visitor token the answer is that visitor's.
 */
const REVALIDATED = new Set(['/api/v1/widget/config']);

export function revalidated(req: FastifyRequest): boolean {
  return req.method === 'GET' && REVALIDATED.has(req.url.split('?')[0]!);
}

/** For an onSend hook: sets the ETag, and turns a 200 the client already holds into a 304. */
export function applyEtag(req: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
  const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag);
  reply.header('cache-control', 'private, no-cache');
  const held = req.headers['if-none-match'];
  if (held && held.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return '';
  }
  return payload;
}
