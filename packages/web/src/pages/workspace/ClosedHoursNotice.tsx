import type { MyHoursView } from '@parley/shared';
import { useEffect, useState } from 'react';
import { businessHoursApi } from '../../api/businessHours';
import { Alert } from '../../components/Alert';
import type { Realtime } from '../../realtime/realtime';
import { closedHoursText } from './closedHoursText';
import { currentLanguage, currentLocale } from '../../i18n';

/**
 * Why no chats arrive (issue 14): while business hours keep the agent's departments closed, says which
 * and when they open. Asked again whenever the server pushes `business-hours.changed` (an opening or
 * closing, an edit, the settings) and after a reconnection (a push may have been missed).
 */
export function ClosedHoursNotice({ realtime }: { realtime: Realtime }) {
  const [hours, setHours] = useState<MyHoursView>();
  useEffect(() => {
    let live = true;
    let asked = 0;
    const ask = () => {
      const n = ++asked;
      businessHoursApi.mine().then(
        (r) => live && n === asked && setHours(r),
        // Not shown rather than wrong: the next push asks again.
        () => live && n === asked && setHours(undefined),
      );
    };
    ask();
    const stopFrames = realtime.onFrame((f) => {
      if (f.type === 'business-hours.changed') ask();
    });
    const stopReconnect = realtime.onReconnect(ask);
    return () => {
      live = false;
      stopFrames();
      stopReconnect();
    };
  }, [realtime]);
  // English keeps the schedule's 24-hour, day-first dates (en-GB); other languages their own.
  const text = hours && closedHoursText(hours, new Date(), currentLanguage() === 'en' ? undefined : currentLocale());
  if (!text) return null;
  return (
    <Alert tone="info" title={text.title}>
      {text.body}
    </Alert>
  );
}
