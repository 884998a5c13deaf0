import type { SettingView } from '@parley/shared';

/** What every setting control gets. `value` is the unsaved edit or the saved value. */
export interface ControlProps {
  setting: SettingView;
  value: unknown;
  /** `undefined` drops the edit. */
  onChange: (value: unknown) => void;
  /** The id the setting's label points at (also used to focus the control on an error). */
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  /** Whether an unsaved edit exists (secrets show "will be replaced/cleared"). */
  edited: boolean;
}
