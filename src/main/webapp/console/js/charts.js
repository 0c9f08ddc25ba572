// Time charts with uPlot (loaded as a classic script from its web jar): one x axis of bucket
// times, one line per series. The server computes the buckets (/api/usage/series).
import { h } from './dom.js';

const COLOURS = ['#1565c0', '#2e7d32', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#ad1457'];

/** {x: [unix seconds], series: [{label, values}]} -> a chart element that fits its box. */
export function timeChart(title, data, { yLabel = '', points = false } = {}) {
  const box = h('figure', { class: 'chart', 'aria-label': title });
  if (!window.uPlot || !data.x.length) {
    box.append(h('figcaption', {}, title), h('p', { class: 'muted' }, 'No data in this range.'));
    return box;
  }
  // the axes are drawn on a canvas, outside CSS: given the console's font and muted colour here
  const css = getComputedStyle(document.body);
  const font = `12px ${css.fontFamily}`;
  const stroke = css.getPropertyValue('--pico-muted-color').trim() || '#646b79';
  const axis = { font, labelFont: `600 12px ${css.fontFamily}`, stroke };
  const opts = {
    title,
    width: 600,
    height: 220,
    scales: { x: { time: true } },
    axes: [axis, { ...axis, label: yLabel, size: 60 }],
    series: [{}, ...data.series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: points || data.x.length < 3, size: 5 } }))],
  };
  const chart = new window.uPlot(opts, [data.x, ...data.series.map((s) => s.values)], box);
  const fit = () => chart.setSize({ width: Math.max(box.clientWidth - 4, 200), height: 220 });
  new ResizeObserver(fit).observe(box);
  return box;
}

/**
 * Points of /api/usage/series -> chart data: every bucket of the range on the x axis (empty
 * buckets are zero, so a quiet minute shows as a dip, not a straight line), one series per group.
 */
export function seriesOf(answer, metric, { from, to } = {}) {
  const step = answer.bucketSeconds;
  const start = Math.floor(Date.parse(from || answer.from) / 1000 / step) * step;
  const end = Date.parse(to || answer.to) / 1000;
  const x = [];
  for (let t = start; t < end; t += step) x.push(t);
  const groups = [...new Set(answer.data.map((p) => p.group))];
  if (!groups.length && answer.groupBy === 'none') groups.push('all');
  const series = groups.map((g) => {
    const byTime = new Map(answer.data.filter((p) => p.group === g).map((p) => [Date.parse(p.bucket) / 1000, p]));
    return { label: g, values: x.map((t) => metric(byTime.get(t))) };
  });
  return { x, series };
}
