export { AgentsService, INSTANCE_DEAD_MS, PRESENCE_TICK_MS, type AgentState } from './agents.service.js';
export { agentsRoutes } from './agents.routes.js';
export { AgentPool, type Candidate, type OpenHours } from './pool.js';
export { capacityOf, hasRoom, type AgentCapacityInput } from './capacity.js';
