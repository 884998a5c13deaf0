import { useEffect } from 'react';
import { offlineInboxApi } from '../../api/offlineInbox';
import { useAsync } from '../../components/useAsync';
import { onInboxChanged, useRefreshOnFocus } from './refresh';
import './nav-count.css';
import { t } from '../../i18n';

/** The navigation's count of open items in the offline inbox (those the user may see). */
export function InboxCount() {
  const summary = useAsync(() => offlineInboxApi.summary(), []);
  useRefreshOnFocus(summary.reload, 30_000);
  useEffect(() => onInboxChanged(summary.reload), [summary.reload]);
  const open = summary.data?.counts.open ?? 0;
  if (open === 0) return null;
  return (
    <span className="nav-count" data-testid="offline-inbox-count">
      {open}
      <span className="visually-hidden"> {t('open')}</span>
    </span>
  );
}
