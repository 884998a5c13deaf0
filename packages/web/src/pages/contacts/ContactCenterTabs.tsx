import { Link } from '../../lib/router';
import { t } from '../../i18n';

/** The Contact Center's tabs: Chats (the conversation history), Contacts and Calls. */
export function ContactCenterTabs({ current }: { current: 'chats' | 'contacts' | 'calls' }) {
  return (
    <nav className="contact-center-tabs" aria-label={t('Contact Center')}>
      <Link to="/conversations" aria-current={current === 'chats' ? 'page' : undefined}>
        {t('Chats')}
      </Link>
      <Link to="/contacts" aria-current={current === 'contacts' ? 'page' : undefined}>
        {t('Contacts')}
      </Link>
      <Link to="/calls" aria-current={current === 'calls' ? 'page' : undefined}>
        {t('Calls')}
      </Link>
    </nav>
  );
}
