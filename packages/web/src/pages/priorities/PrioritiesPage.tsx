import { PageHeader } from '../../components/PageHeader';
import { Link } from '../../lib/router';
import { PrioritiesList } from './PrioritiesList';
import { SlaPoliciesList } from './SlaPoliciesList';

/** Priorities and SLA policies: how the queue is ordered when `queue.sorting` says so. */
export function PrioritiesPage() {
  return (
    <>
      <PageHeader
        title="Priorities and SLA policies"
        description={
          <>
            Agents set them on a conversation; the queue follows them when <em>Sorting Mechanism</em> is set to
            priorities or SLA policies in the <Link to="/admin/settings?q=sorting">settings</Link>.
          </>
        }
      />
      <div className="stack">
        <PrioritiesList />
        <SlaPoliciesList />
      </div>
    </>
  );
}
