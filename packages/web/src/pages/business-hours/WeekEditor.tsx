import type { OpenInterval, Weekday } from '@parley/shared';
import { dateFormat } from '../../components/format';
import { currentLocale, t } from '../../i18n';

// Spelled out here rather than imported: a value import of @parley/shared pulls zod and every schema into the page.
const weekdays: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export type Week = Record<Weekday, OpenInterval[]>;

export const emptyWeek = (): Week => Object.fromEntries(weekdays.map((d) => [d, []])) as unknown as Week;

/** The day's name in the current language ("Monday", "Montag", "lundi"); 2024-01-01 was a Monday. */
const dayName = (d: Weekday) =>
  dateFormat({ weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + weekdays.indexOf(d)));

/** The day's name as a heading: capitalized where the language writes it in lower case ("Lundi"). */
const dayLabel = (d: Weekday) => {
  const name = dayName(d);
  return name.charAt(0).toLocaleUpperCase(currentLocale()) + name.slice(1);
};

/**
 * The weekly hours: per day, open intervals to add and remove (an interval that ends the next day is marked
 * overnight), and a day's hours copied to every day. The server's errors show at the interval they name
 * (`days.monday.1`, `days.monday.1.closes`).
 */
export function WeekEditor(props: { value: Week; onChange: (w: Week) => void; errors: Record<string, string> }) {
  const { value, onChange, errors } = props;
  const setDay = (d: Weekday, list: OpenInterval[]) => onChange({ ...value, [d]: list });
  const patch = (d: Weekday, i: number, change: Partial<OpenInterval>) =>
    setDay(
      d,
      value[d].map((iv, j) => (j === i ? { ...iv, ...change } : iv)),
    );
  const errorOf = (d: Weekday, i: number) =>
    Object.entries(errors).find(([k]) => k === `days.${d}.${i}` || k.startsWith(`days.${d}.${i}.`))?.[1];
  return (
    <fieldset className="field week-editor">
      <legend className="field-label">{t('Weekly hours')}</legend>
      {weekdays.map((d) => (
        <div key={d} className="week-day" role="group" aria-label={dayLabel(d)}>
          <div className="week-day-head">
            <strong>{dayLabel(d)}</strong>
            {value[d].length === 0 && <span className="field-hint"> {t('closed')}</span>}
          </div>
          {value[d].map((iv, i) => {
            const err = errorOf(d, i);
            const id = `bh-${d}-${i}`;
            return (
              <div key={i} className={`week-interval${err ? ' has-error' : ''}`}>
                <label htmlFor={`${id}-opens`}>{t('Opens')}</label>
                <input
                  id={`${id}-opens`}
                  className="input"
                  type="time"
                  value={iv.opens}
                  onChange={(e) => patch(d, i, { opens: e.target.value })}
                />
                <label htmlFor={`${id}-closes`}>{t('closes')}</label>
                <input
                  id={`${id}-closes`}
                  className="input"
                  type="time"
                  value={iv.closes === '24:00' ? '00:00' : iv.closes}
                  onChange={(e) =>
                    patch(d, i, { closes: e.target.value === '00:00' && !iv.overnight ? '24:00' : e.target.value })
                  }
                />
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={iv.overnight}
                    onChange={(e) =>
                      patch(d, i, { overnight: e.target.checked, closes: iv.closes === '24:00' ? '00:00' : iv.closes })
                    }
                  />
                  <span>{t('next day')}</span>
                </label>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={t('Remove {day} {opens}–{closes}', {
                    day: dayName(d),
                    opens: iv.opens,
                    closes: iv.closes,
                  })}
                  onClick={() =>
                    setDay(
                      d,
                      value[d].filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('Remove')}
                </button>
                {err && <p className="field-error">{err}</p>}
              </div>
            );
          })}
          <div className="week-day-actions">
            <button
              type="button"
              className="btn btn-small"
              aria-label={t('Add hours on {day}', { day: dayName(d) })}
              onClick={() => setDay(d, [...value[d], { opens: '09:00', closes: '17:00', overnight: false }])}
            >
              {t('Add hours')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              aria-label={t('Copy {day} to all days', { day: dayName(d) })}
              onClick={() =>
                onChange(Object.fromEntries(weekdays.map((x) => [x, value[d].map((iv) => ({ ...iv }))])) as Week)
              }
            >
              {t('Copy to all days')}
            </button>
          </div>
        </div>
      ))}
    </fieldset>
  );
}
