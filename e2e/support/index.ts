export { expect, signIn, test } from './fixtures';
export { defaultAdmin, repoRoot, startParley, type AdminCredentials, type ParleyServer } from './parley-server';
export { freePort } from './ports';
export { saveScreenshot, screenshotDir } from './screenshots';
export { settingValues, snapshotSettings } from './settings';
export { serveStaticSite, type StaticSite } from './static-site';
export {
  archiveDepartment,
  conversationOfVisitor,
  createDepartment,
  createStaff,
  goAvailable,
  signInThroughPage,
  staffPage,
  startVisitorChat,
  uniqueName,
  type StaffAccount,
} from './omnichannel';
export { undoAfterEach, type UndoSteps } from './undo';
export { startMailSink, type MailSink, type SunkMail } from './mail-sink';
