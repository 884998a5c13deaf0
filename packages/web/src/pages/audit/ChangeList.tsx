import { valueText } from '../../components/format';
import { t } from '../../i18n';

interface FromTo {
  from: unknown;
  to: unknown;
}

function isFromTo(v: unknown): v is FromTo {
  return typeof v === 'object' && v !== null && 'from' in v && 'to' in v && Object.keys(v).length === 2;
}

function Change({ change }: { change: FromTo }) {
  return (
    <span className="change">
      <span className="change-old">
        {/* Screen readers hear “from old to new”; each value keeps its own styled span, so the words are apart. */}
        <span className="visually-hidden">{t('from')} </span>
        {valueText(change.from)}
      </span>
      <span className="change-arrow" aria-hidden="true">
        →
      </span>
      <span className="change-new">
        <span className="visually-hidden"> {t('to')} </span>
        {valueText(change.to)}
      </span>
    </span>
  );
}

/** An audit entry's changes: `old → new` for each changed field, or the recorded values. */
export function ChangeList({ changes }: { changes: Record<string, unknown> }) {
  if (isFromTo(changes)) return <Change change={changes} />;
  const entries = Object.entries(changes ?? {});
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="changes">
      {entries.map(([field, v]) => (
        <div key={field} className="changes-row">
          <dt>{field}</dt>
          <dd>{isFromTo(v) ? <Change change={v} /> : valueText(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
