import type { BusinessHoursView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { businessHoursApi } from '../../api/businessHours';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { dateFormat } from '../../components/format';
import { t } from '../../i18n';

/** A holiday's date (`2026-12-25`) for the current language, the same day whatever the browser's zone. */
const dayText = (date: string) =>
  dateFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** A schedule's holidays (closed all day) and special days (other hours), by date. */
export function HolidaysSection(props: { schedule: BusinessHoursView; onChange: (s: BusinessHoursView) => void }) {
  const { schedule } = props;
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [closed, setClosed] = useState(true);
  const [opens, setOpens] = useState('09:00');
  const [closes, setCloses] = useState('13:00');
  const [error, setError] = useState<unknown>();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const body = closed
        ? { date, name, closed: true }
        : { date, name, closed: false, intervals: [{ opens, closes }] };
      props.onChange(await businessHoursApi.addHoliday(schedule.id, body));
      setDate('');
      setName('');
    } catch (err) {
      setError(err);
    }
  };
  const f = fieldErrors(error);
  return (
    <section className="card" aria-label={t('Holidays and special days')}>
      <h2>{t('Holidays and special days')}</h2>
      {schedule.holidays.length === 0 ? (
        <p className="field-hint">{t('None: every date follows the weekly hours.')}</p>
      ) : (
        <ul className="plain-list">
          {schedule.holidays.map((h) => (
            <li key={h.id}>
              <strong>{dayText(h.date)}</strong> {h.name && `· ${h.name} `}·{' '}
              {h.closed ? t('closed') : h.intervals.map((i) => `${i.opens}–${i.closes}`).join(', ')}{' '}
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('Remove {date}', { date: dayText(h.date) })}
                onClick={async () => props.onChange(await businessHoursApi.removeHoliday(schedule.id, h.id))}
              >
                {t('Remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="holiday-form" aria-label={t('Add a holiday')} noValidate>
        <label htmlFor="holiday-date">{t('Date')}</label>
        <input id="holiday-date" className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <label htmlFor="holiday-name">{t('Name')}</label>
        <input
          id="holiday-name"
          className="input"
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
        <label className="choice">
          <input type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} />
          <span>{t('Closed all day')}</span>
        </label>
        {!closed && (
          <>
            <label htmlFor="holiday-opens">{t('Opens')}</label>
            <input
              id="holiday-opens"
              className="input"
              type="time"
              value={opens}
              onChange={(e) => setOpens(e.target.value)}
            />
            <label htmlFor="holiday-closes">{t('closes')}</label>
            <input
              id="holiday-closes"
              className="input"
              type="time"
              value={closes}
              onChange={(e) => setCloses(e.target.value)}
            />
          </>
        )}
        <button type="submit" className="btn">
          {t('Add')}
        </button>
        {error !== undefined && (
          <Alert tone="error" title={t('The day was not added.')}>
            {Object.values(f)[0] ?? errorMessage(error)}
          </Alert>
        )}
      </form>
    </section>
  );
}
