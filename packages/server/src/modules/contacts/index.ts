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
export { ContactsService } from './contacts.service.js';
export { ChannelBlocks } from './blocking.service.js';
export { contactCenterRoutes, type ContactCenterDeps } from './contact-center.routes.js';
export { PhoneContacts } from './phone-contacts.js';
export { ContactMerge, type MergeConversations } from './merge.service.js';
export { ContactPrivacy, type ContactDataOwners } from './privacy.service.js';
export { ChannelIdentities, type ChannelPerson, type IdentityRow } from './channel-identities.js';
