import type { FastifyRequest } from 'fastify';
import type { Actor, StaffActor, VisitorActor } from '../../kernel/http.js';

/** How transport finds out who is calling; the auth and visitors modules provide these. */
export interface Authenticators {
  staffBySession(token: string): Promise<StaffActor | undefined>;
  staffByAccessToken(token: string): Promise<StaffActor | undefined>;
  visitorByToken?(token: string): Promise<VisitorActor | undefined>;
}

export const SESSION_COOKIE_NAME = 'parley_session';
export const VISITOR_HEADER = 'x-parley-visitor-token';

export async function resolveStaff(req: FastifyRequest, auth: Authenticators): Promise<StaffActor | undefined> {
  const authz = req.headers.authorization;
  if (authz?.startsWith('Bearer ')) return auth.staffByAccessToken(authz.slice(7).trim());
  const cookie = req.cookies?.[SESSION_COOKIE_NAME];
  if (cookie) return auth.staffBySession(cookie);
  return undefined;
}

export async function resolveVisitor(req: FastifyRequest, auth: Authenticators): Promise<VisitorActor | undefined> {
  const token = req.headers[VISITOR_HEADER];
  if (typeof token !== 'string' || token.length === 0 || token.length > 200 || !auth.visitorByToken) return undefined;
  return auth.visitorByToken(token);
}

export async function resolveAnyActor(req: FastifyRequest, auth: Authenticators): Promise<Actor> {
  return (await resolveStaff(req, auth)) ?? (await resolveVisitor(req, auth)) ?? { kind: 'anonymous' };
}
