import type { BusinessHoursView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { businessHoursApi } from '../../api/businessHours';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Field, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link } from '../../lib/router';
import { currentLanguage, currentLocale, t } from '../../i18n';
import { tx } from '../../i18n/tx';
import { HolidaysSection } from './HolidaysSection';
import { statusLine, timeZoneChoices } from './hoursText';
import { emptyWeek, WeekEditor, type Week } from './WeekEditor';
import './business-hours.css';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The status line in the current language; English keeps the 24-hour clock (en-GB) the times are typed in. */
const status = (s: BusinessHoursView) =>
  statusLine(s.status, s.timeZone, new Date(), currentLanguage() === 'en' ? undefined : currentLocale());

/** Business hours: the schedules (weekly hours in a time zone), their holidays, and which one is the default. */
export function BusinessHoursPage() {
  const list = useAsync(() => businessHoursApi.list(), []);
  const [selected, setSelected] = useState<string | 'new'>();
  if (list.error)
    return (
      <Alert tone="error" title={t('The schedules could not be loaded.')}>
        {errorMessage(list.error)}
      </Alert>
    );
  if (!list.data) return <Loading />;
  const items = list.data.items;
  const current = selected === 'new' ? undefined : (items.find((s) => s.id === selected) ?? items[0]);
  const replace = (s: BusinessHoursView) => {
    list.setData({
      items: items.some((x) => x.id === s.id) ? items.map((x) => (x.id === s.id ? s : x)) : [...items, s],
    });
    setSelected(s.id);
  };
  return (
    <>
      <PageHeader
        title={t('Business hours')}
        description={
          <>
            {tx(
              'Outside its hours a department gets no chats and the widget shows the offline form with when it opens. Turn them on, and choose one schedule for all or one per department, in the {settings}.',
              { settings: <Link to="/admin/settings?q=business">{t('settings')}</Link> },
            )}
          </>
        }
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setSelected('new')}>
            {t('New schedule')}
          </button>
        }
      />
      {items.length > 0 && (
        <ul className="plain-list schedule-list" aria-label={t('Schedules')}>
          {items.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="btn btn-small"
                aria-current={s.id === current?.id}
                onClick={() => setSelected(s.id)}
              >
                {s.name}
              </button>
              {s.isDefault && ` ${t('(default)')}`} · {s.timeZone} ·{' '}
              <span className="schedule-status">{status(s)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="stack">
        <ScheduleForm
          key={current?.id ?? 'new'}
          schedule={current}
          onSaved={replace}
          onDeleted={() => {
            setSelected(undefined);
            list.reload();
          }}
        />
        {current && <HolidaysSection schedule={current} onChange={replace} />}
      </div>
    </>
  );
}

function ScheduleForm(props: {
  schedule: BusinessHoursView | undefined;
  onSaved: (s: BusinessHoursView) => void;
  onDeleted: () => void;
}) {
  const s = props.schedule;
  const [name, setName] = useState(s?.name ?? '');
  const [timeZone, setTimeZone] = useState(s?.timeZone ?? browserZone());
  const [isDefault, setIsDefault] = useState(s?.isDefault ?? false);
  const [week, setWeek] = useState<Week>(s ? (s.days as Week) : emptyWeek());
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      const body = { name, timeZone, days: week, ...(isDefault ? { isDefault: true } : {}) };
      props.onSaved(s ? await businessHoursApi.update(s.id, body) : await businessHoursApi.create(body));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  const remove = async () => {
    if (!s) return;
    try {
      await businessHoursApi.remove(s.id);
      props.onDeleted();
    } catch (err) {
      setError(err);
    }
  };
  const f = fieldErrors(error);
  const general = error !== undefined && !f.name && !f.timeZone && !Object.keys(f).some((k) => k.startsWith('days.'));
  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-label={t('Schedule')}>
      <h2>{s ? s.name : t('New schedule')}</h2>
      {s && <p className="schedule-status">{status(s)}</p>}
      <TextField id="bh-name" label={t('Name')} value={name} onChange={setName} error={f.name} maxLength={100} />
      <Field
        id="bh-timeZone"
        label={t('Time zone')}
        error={f.timeZone}
        hint={t('The hours are read in this zone, daylight saving included.')}
      >
        <select
          id="bh-timeZone"
          className="input select"
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
        >
          {timeZoneChoices(timeZone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </Field>
      <label className="choice">
        <input
          type="checkbox"
          checked={isDefault}
          disabled={s?.isDefault}
          onChange={(e) => setIsDefault(e.target.checked)}
        />
        <span>{t('Default schedule (for everyone in single mode, and departments without one)')}</span>
      </label>
      <WeekEditor value={week} onChange={setWeek} errors={f} />
      {general && (
        <Alert tone="error" title={t('Nothing was saved.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {saved && <Alert tone="success" title={t('The schedule was saved.')} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {t('Save')}
        </button>
        {s && (
          <button type="button" className="btn btn-danger" onClick={remove}>
            {t('Delete')}
          </button>
        )}
      </div>
    </form>
  );
}
