import { Link } from '../lib/router';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" description="There is no page at this address." />
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </>
  );
}

export function ForbiddenPage() {
  return (
    <>
      <PageHeader title="Not allowed" description="Your role does not give access to this page." />
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </>
  );
}

/** An omnichannel view while `omnichannel.enabled` is off: no queue, no chats to take. */
export function OmnichannelOffPage({ admin }: { admin: boolean }) {
  return (
    <>
      <PageHeader
        title="Omnichannel is turned off"
        description="No new conversations reach Parley and the chat views are hidden until it is turned on again."
      />
      {admin && (
        <p>
          <Link to="/admin/settings#group-general">Turn it on in Settings</Link>
        </p>
      )}
    </>
  );
}
