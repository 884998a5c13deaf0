import { Link } from '../../lib/router';

/** The Contact Center's two tabs: Chats (the conversation history) and Contacts. */
export function ContactCenterTabs({ current }: { current: 'chats' | 'contacts' }) {
  return (
    <nav className="contact-center-tabs" aria-label="Contact Center">
      <Link to="/conversations" aria-current={current === 'chats' ? 'page' : undefined}>
        Chats
      </Link>
      <Link to="/contacts" aria-current={current === 'contacts' ? 'page' : undefined}>
        Contacts
      </Link>
    </nav>
  );
}
