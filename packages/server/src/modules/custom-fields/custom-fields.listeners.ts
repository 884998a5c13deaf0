import { listener, type Listener } from '../../kernel/listeners.js';
import type { CustomFieldsService } from './custom-fields.service.js';

/** Every process forgets its cached definitions when one changed. */
export function customFieldsListeners(customFields: CustomFieldsService): Listener[] {
  return [listener('custom-field.changed', 'after-commit-everywhere', () => customFields.invalidate())];
}
