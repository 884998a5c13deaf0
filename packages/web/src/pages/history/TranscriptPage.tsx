import type { PageProps } from '../../lib/router';
import { ConversationPane } from '../conversation/ConversationPane';
import { t } from '../../i18n';

/** One conversation from the history (any status), with the actions the user's role allows. */
export function TranscriptPage({ params }: PageProps) {
  return (
    <div className="workspace workspace-single">
      <ConversationPane id={params.id ?? ''} back={{ to: '/conversations', label: t('History') }} />
    </div>
  );
}
