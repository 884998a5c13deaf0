import type { Presence } from '@parley/shared';
import { t } from '../i18n';

const labels: Record<Presence, () => string> = {
  online: () => t('Online'),
  away: () => t('Away'),
  offline: () => t('Offline'),
};

/** A colored dot with the presence in words (the color is never the only signal). */
export function PresenceBadge({ presence, label }: { presence: Presence; label?: string }) {
  return (
    <span className={`presence presence-${presence}`}>
      <span className="presence-dot" aria-hidden="true" />
      {label ?? labels[presence]()}
    </span>
  );
}
