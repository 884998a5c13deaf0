import type { OfflineInboxItem } from '@parley/shared';
import { Badge } from '../../components/Badge';

/** An item's state as a badge: Open, Claimed by <name>, Done. */
export function StateBadge({ item }: { item: Pick<OfflineInboxItem, 'state' | 'claimedBy'> }) {
  if (item.state === 'open') return <Badge tone="accent">Open</Badge>;
  if (item.state === 'done') return <Badge tone="success">Done</Badge>;
  return <Badge tone="warning">Claimed by {item.claimedBy?.name ?? 'someone'}</Badge>;
}
