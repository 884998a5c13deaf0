import type { SettingKey } from './catalog.js';

/** Where a setting's effect lives. */
export type SettingEffectSite = 'server' | 'widget' | 'web';

/**
 * Settings whose effect lives in the browser: the widget (its frame and loader) or the agent web app. The
 * server only serves their values, so no server module can declare them enforced; this list does, and
 * `enforced-coverage.test.ts` holds each of them, like every enforced setting, to a test (a Chromium spec,
 * here) that changes it from its default. Settings with an effect on both sides (the widget shows the
 * department switch, the API refuses it) are declared by the server module that refuses.
 */
export const clientEffects: Partial<Record<SettingKey, Exclude<SettingEffectSite, 'server'>>> = {
  'general.continuousSound': 'web',
  'livechat.title': 'widget',
  'livechat.titleColor': 'widget',
  'livechat.offline.displayForm': 'widget',
  'livechat.clearSessionOnEnd': 'widget',
  'livechat.offline.unavailableMessage': 'widget',
  'livechat.offline.title': 'widget',
  'livechat.offline.color': 'widget',
  'livechat.offline.instructions': 'widget',
  'livechat.offline.successMessage': 'widget',
  'livechat.finished.text': 'widget',
  'livechat.registration.enabled': 'widget',
  'livechat.registration.nameField': 'widget',
  'livechat.registration.emailField': 'widget',
  'livechat.registration.message': 'widget',
  'livechat.greeting': 'widget',
  'livechat.navigation.monitor': 'widget',
  'livechat.additionalCss': 'widget',
  'livechat.additionalScripts': 'widget',
  'gdpr.consentText': 'widget',
};
