import { fail } from '../../kernel/errors.js';
import { HttpResult, type RouteDef, type RouteContext, type Access, type VisitorActor } from '../../kernel/http.js';
import type { VerificationService, VisitorsService } from '../contacts/index.js';

type Ctx = RouteContext<unknown, unknown, unknown, Access>;

/**
 * Identity verification on every widget route (issue 16 item 7): the signed user id headers are checked
 * before the handler runs, whichever the route; a registration carrying a valid one is bound to it at once;
 * with verification required, a chat starts only for a verified visitor.
 */
export function withIdentityGate(r: RouteDef, verification: VerificationService, visitors: VisitorsService): RouteDef {
  const starts = r.method === 'POST' && r.path === '/api/v1/widget/conversations';
  const registers = r.method === 'POST' && r.path === '/api/v1/widget/visitors';
  const handler = async (ctx: Ctx): Promise<unknown> => {
    const id = { userId: ctx.req.header('x-parley-user-id'), hash: ctx.req.header('x-parley-user-hash') };
    let actor: VisitorActor | undefined;
    if (ctx.actor.kind === 'visitor') actor = ctx.actor;
    else {
      const token = ctx.req.header('x-parley-visitor-token');
      if (token && token.length <= 200) actor = await visitors.resolveToken(token);
    }
    await verification.gate(actor, id);
    if (starts) {
      if (!actor) fail('visitor.unauthenticated');
      await verification.assertMayStart(actor.visitorId);
    }
    const out = await r.handler(ctx);
    if (registers && id.userId !== undefined && out instanceof HttpResult) {
      const body = out.body as { visitor: { id: string } };
      await verification.verifySigned(body.visitor.id, id.userId);
    }
    return out;
  };
  return { ...r, handler: handler as RouteDef['handler'] };
}
