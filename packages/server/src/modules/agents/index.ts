export { AgentsService, INSTANCE_DEAD_MS, PRESENCE_TICK_MS, type AgentState } from './agents.service.js';
export { agentsRoutes } from './agents.routes.js';
