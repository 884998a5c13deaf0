import type { CannedRender } from '@parley/shared';
import { DomainError } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import type { ConversationsService } from '../conversations/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { CannedResponsesService } from './canned-responses.service.js';
import { renderCanned } from './render.js';

/** Fills a response's placeholders server-side, from a conversation the agent may act on (the access rule). */
export class CannedRenderService {
  constructor(
    private readonly canned: CannedResponsesService,
    private readonly conversations: Pick<ConversationsService, 'forStaff'>,
    private readonly departments: Pick<DepartmentsService, 'find'>,
  ) {}

  async render(actor: StaffActor, id: string, conversationId: string): Promise<CannedRender> {
    const response = await this.canned.usable(actor, id);
    // 404 for a conversation the agent cannot read, 403 for one they read but may not write in.
    const c = await this.conversations.forStaff(actor, conversationId, 'act').catch((err: unknown) => {
      // forStaff names params.id; here the conversation is the query's.
      if (err instanceof DomainError && err.field === 'params.id')
        throw new DomainError(err.code, err.message, 'query.conversationId', err.details);
      throw err;
    });
    const department = c.department_id ? await this.departments.find(c.department_id) : undefined;
    return renderCanned(response, {
      conversationId: c.id,
      visitorName: c.visitor_name ?? c.visitor_username,
      visitorEmail: c.visitor_email,
      agentName: actor.name,
      departmentName: department?.name ?? null,
    });
  }
}
