import { listener, type Listener } from '../../kernel/listeners.js';
import type { DepartmentsService } from './departments.service.js';

/** Every process forgets its cached departments when one changed. */
export function departmentsListeners(departments: DepartmentsService): Listener[] {
  return [listener('department.changed', 'after-commit-everywhere', () => departments.forgetCache())];
}
