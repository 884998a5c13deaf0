import { Link } from '../../lib/router';

/** The Contact Center's tabs: Chats (the conversation history), Contacts and Calls. */
export function ContactCenterTabs({ current }: { current: 'chats' | 'contacts' | 'calls' }) {
  return (
    <nav className="contact-center-tabs" aria-label="Contact Center">
      <Link to="/conversations" aria-current={current === 'chats' ? 'page' : undefined}>
        Chats
      </Link>
      <Link to="/contacts" aria-current={current === 'contacts' ? 'page' : undefined}>
        Contacts
      </Link>
      <Link to="/calls" aria-current={current === 'calls' ? 'page' : undefined}>
        Calls
      </Link>
    </nav>
  );
}
