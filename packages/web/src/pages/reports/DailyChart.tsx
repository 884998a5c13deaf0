import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * Conversations started and closed per day, drawn with uPlot (about 50 KB minified, 20 KB gzipped: the
 * smallest well-kept time-series chart library). Only the reports page imports this file, so the library
 * is in that page's chunk and nowhere else.
 */
export function DailyChart(props: { days: Array<{ date: string; started: number; closed: number }> }) {
  const box = useRef<HTMLDivElement>(null);
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
        axes: [{}, { label: 'Conversations' }],
        series: [
          { label: 'Day', value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toISOString().slice(0, 10)) },
          { label: 'Started', stroke: '#2563eb', width: 2, fill: 'rgba(37, 99, 235, 0.08)' },
          { label: 'Closed', stroke: '#16a34a', width: 2 },
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
  }, [props.days]);
  return <div ref={box} className="report-chart" role="img" aria-label="Conversations started and closed per day" />;
}
