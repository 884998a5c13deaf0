/**
 * What conversations ask of routing, declared here and given by compose.ts (the routing module's
 * staffing view implements it): conversations never import routing, routing builds on conversations.
 */
export interface RoutingPolicy {
  /**
   * The department a new conversation starts in: the asked one, or the first of its fallback chain with
   * someone to take it. Fails with `conversation.no-agent-online` when the visitor should get the
   * offline form instead (behaviour §2).
   */
  startDepartment(departmentId: string | null): Promise<string | null>;
  /** Where a conversation sent to this department lands: down its fallback chain when nobody is there. */
  landingDepartment(departmentId: string): Promise<string>;
  /**
   * Inside business hours for this department (null: a chat without one) now? Always true when hours
   * are off. A person taking or being handed a chat of a closed department is refused with it (issue 14).
   */
  insideHours(departmentId: string | null): Promise<boolean>;
}
