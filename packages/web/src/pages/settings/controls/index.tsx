import type { SettingView } from '@parley/shared';
import type { ComponentType } from 'react';
import { ColorControl } from './ColorControl';
import { SecretControl } from './SecretControl';
import {
  BoolControl,
  ChoiceListControl,
  EnumControl,
  IntControl,
  TextAreaControl,
  TextControl,
} from './SimpleControls';
import { TagListControl } from './TagListControl';
import type { ControlProps } from './types';

export type { ControlProps } from './types';

/** The control for a setting's type. */
export function controlFor(setting: SettingView): ComponentType<ControlProps> {
  switch (setting.type) {
    case 'bool':
      return BoolControl;
    case 'int':
      return IntControl;
    case 'text':
      return TextAreaControl;
    case 'color':
      return ColorControl;
    case 'enum':
      return EnumControl;
    case 'list':
      return setting.values ? ChoiceListControl : TagListControl;
    case 'secret':
      return SecretControl;
    default:
      return TextControl; // string, url, email, regex
  }
}

/** A checkbox group has no single labelable element: its heading labels it through aria-labelledby. */
export function isGroupControl(setting: SettingView): boolean {
  return setting.type === 'list' && !!setting.values;
}
