import type { RatingView } from '@parley/shared';
import { useEffect, useState } from 'react';
import { reportsApi } from '../../api/reports';
import { t } from '../../i18n';

/** The visitor's rating of a closed conversation (CSAT), as rows of the side panel's list; nothing when unrated. */
export function RatingRow({ conversationId, closedAt }: { conversationId: string; closedAt: string | null }) {
  const [rating, setRating] = useState<RatingView | null>(null);
  useEffect(() => {
    let live = true;
    setRating(null);
    if (!closedAt) return;
    reportsApi.conversationRating(conversationId).then(
      (r) => live && setRating(r.rating),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [conversationId, closedAt]);
  if (!rating) return null;
  return (
    <>
      <div>
        <dt>{t('Visitor rating')}</dt>
        <dd data-testid="visitor-rating">{t('{rating} / 5', { rating: rating.rating })}</dd>
      </div>
      {rating.comment && (
        <div>
          <dt>{t('Rating comment')}</dt>
          <dd className="cell-break">{rating.comment}</dd>
        </div>
      )}
    </>
  );
}
