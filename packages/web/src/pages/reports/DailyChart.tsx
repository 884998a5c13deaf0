import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dateFormat, formatNumber } from '../../components/format';
import { t, useLanguage } from '../../i18n';

const DAY = 86_400;

/** The x axis' dates in the chosen language: months when the ticks are a month or more apart, else days. */
const dayTicks = (_u: uPlot, splits: number[], _axis: number, _space: number, incr: number) =>
  splits.map((ts) =>
    dateFormat(
      incr >= 28 * DAY
        ? { month: 'short', year: 'numeric', timeZone: 'UTC' }
        : incr >= DAY
          ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
          : { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' },
    ).format(new Date(ts * 1000)),
  );
const count = (_u: uPlot, v: number | null) => (v == null ? '—' : formatNumber(v));

/**
 * Conversations started and closed per day, drawn with uPlot (about 50 KB minified, 20 KB gzipped: the
 * smallest well-kept time-series chart library). Only the reports page imports this file, so the library
 * is in that page's chunk and nowhere else.
 */
export function DailyChart(props: { days: Array<{ date: string; started: number; closed: number }> }) {
  const box = useRef<HTMLDivElement>(null);
  const language = useLanguage();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = props.days.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
    const data: uPlot.AlignedData = [xs, props.days.map((d) => d.started), props.days.map((d) => d.closed)];
    const width = () => Math.max(320, el.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: 260,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { values: dayTicks },
          { label: t('Conversations'), values: (_u, splits) => splits.map((v) => formatNumber(v)) },
        ],
        series: [
          {
            label: t('Day'),
            value: (_u, v) =>
              v == null ? '—' : dateFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(v * 1000)),
          },
          { label: t('Started'), stroke: '#2563eb', width: 2, fill: 'rgba(37, 99, 235, 0.08)', value: count },
          { label: t('Closed'), stroke: '#16a34a', width: 2, value: count },
        ],
      },
      data,
      el,
    );
    const onResize = () => chart.setSize({ width: width(), height: 260 });
    addEventListener('resize', onResize);
    return () => {
      removeEventListener('resize', onResize);
      chart.destroy();
    };
  }, [props.days, language]);
  return (
    <div ref={box} className="report-chart" role="img" aria-label={t('Conversations started and closed per day')} />
  );
}
