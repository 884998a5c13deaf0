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
