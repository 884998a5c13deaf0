export {
  VisitorsService,
  toVisitorView,
  type VisitorRow,
  type VisitorInput,
  type ClientInfo,
} from './visitors.service.js';
export { contactsRoutes } from './contacts.routes.js';
export { contactsListeners } from './contacts.listeners.js';
export { VerificationService, type VerificationConversations, type SignedIdentity } from './verification.service.js';
export { verificationWidgetRoutes, verificationStaffRoutes } from './verification.routes.js';
