export { SettingsService, type SettingView } from './settings.service.js';
export { settingsRoutes } from './settings.routes.js';
export { settingsListeners } from './settings.listeners.js';
