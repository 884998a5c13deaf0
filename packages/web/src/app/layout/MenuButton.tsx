import { useStore } from '../../lib/store';
import { navMenu } from './navMenu';
import { t } from '../../i18n';

/** On phones the navigation folds away behind this button (hidden by CSS on wider windows). */
export function MenuButton() {
  const open = useStore(navMenu);
  return (
    <button
      type="button"
      className="btn btn-secondary btn-small menu-button"
      aria-expanded={open}
      aria-controls="main-nav"
      onClick={() => navMenu.set(!open)}
    >
      {open ? t('Close menu') : t('Menu')}
    </button>
  );
}
