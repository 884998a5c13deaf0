export { AgentsService, PRESENCE_STALE_MS, type AgentState } from './agents.service.js';
export { agentsRoutes } from './agents.routes.js';
