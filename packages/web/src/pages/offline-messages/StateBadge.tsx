import type { OfflineInboxItem } from '@parley/shared';
import { Badge } from '../../components/Badge';
import { t } from '../../i18n';

/** An item's state as a badge: Open, Claimed by <name>, Done. */
export function StateBadge({ item }: { item: Pick<OfflineInboxItem, 'state' | 'claimedBy'> }) {
  if (item.state === 'open') return <Badge tone="accent">{t('Open')}</Badge>;
  if (item.state === 'done') return <Badge tone="success">{t('Done')}</Badge>;
  return (
    <Badge tone="warning">
      {item.claimedBy?.name ? t('Claimed by {name}', { name: item.claimedBy.name }) : t('Claimed by someone')}
    </Badge>
  );
}
