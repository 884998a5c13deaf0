import { listener, type Listener } from '../../kernel/listeners.js';
import type { SettingsService } from './settings.service.js';

/** Every process (this one too) re-reads a changed setting once the change is committed. */
export function settingsListeners(settings: SettingsService): Listener[] {
  return [listener('setting.changed', 'after-commit-everywhere', (e) => settings.reload(e.payload.key))];
}
