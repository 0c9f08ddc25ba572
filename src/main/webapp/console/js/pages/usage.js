// Usage over time by model, tenant or key (buckets computed by the database), the records page by
// page, and the records as CSV.
import { api, download } from '../api.js';
import { h, clear, table, fmt, pager, errorBox } from '../dom.js';
import { timeChart, seriesOf } from '../charts.js';

const RANGES = [['1h', 3600, '1m'], ['6h', 6 * 3600, '5m'], ['24h', 86400, '15m'], ['7d', 7 * 86400, '2h'], ['30d', 30 * 86400, '12h']];

export default async function usage(root, ctx) {
  const range = h('select', { name: 'range' }, RANGES.map(([label]) => h('option', { value: label }, `last ${label}`)));
  const groupBy = h('select', { name: 'groupBy' }, ['none', 'model', 'tenant', 'key'].map((g) => h('option', { value: g }, g === 'none' ? 'all together' : 'by ' + g)));
  const model = h('input', { type: 'text', name: 'model', placeholder: 'any model' });
  const charts = h('section');
  const totals = h('p');
  root.append(h('h1', {}, 'Usage'),
    h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); refresh(); } },
      h('label', {}, 'Range', range), h('label', {}, 'Split', groupBy), h('label', {}, 'Model', model),
      h('button', { type: 'submit' }, 'Show'),
      h('button', { type: 'button', class: 'secondary', onclick: () => exportCsv() }, 'Download CSV')),
    charts, h('h2', {}, 'Records'), totals);

  const filters = () => {
    const [, seconds, bucket] = RANGES.find(([label]) => label === range.value);
    const to = new Date();
    const from = new Date(to.getTime() - seconds * 1000);
    const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    if (model.value.trim()) q.set('model', model.value.trim());
    return { q, bucket };
  };
  const records = pager(async (after, limit) => {
    const { q } = filters();
    q.set('limit', limit);
    if (after) q.set('after', after);
    const page = await api('api/usage?' + q);
    clear(totals, `${fmt.num(page.totals.requests)} requests, ${fmt.num(page.totals.promptTokens)} prompt and ${fmt.num(page.totals.completionTokens)} completion tokens in the range.`);
    return page;
  }, (rows) => table([
    { label: 'When', value: (r) => fmt.time(r.at) },
    { label: 'Kind', value: (r) => r.kind },
    { label: 'Model', value: (r) => r.model },
    { label: 'Tenant', value: (r) => r.tenant || '' },
    { label: 'Key', num: true, value: (r) => (r.keyId === null ? '' : String(r.keyId)) },
    { label: 'Status', num: true, value: (r) => String(r.status) },
    { label: 'Prompt', num: true, value: (r) => fmt.num(r.promptTokens) },
    { label: 'Completion', num: true, value: (r) => fmt.num(r.completionTokens) },
    { label: 'Latency', num: true, value: (r) => fmt.ms(r.latencyMs) },
    { label: 'TTFT', num: true, value: (r) => fmt.ms(r.timeToFirstTokenMs) },
    { label: 'Job', value: (r) => r.slurmJobId || '' },
    { label: 'Reference', value: (r) => r.reference || '' },
  ], rows, { empty: 'No usage in this range.' }), { pageSize: 50 });
  root.append(h('section', { class: 'records' }, records.element));

  async function refresh() {
    const { q, bucket } = filters();
    q.set('bucket', bucket);
    if (groupBy.value !== 'none') q.set('groupBy', groupBy.value);
    try {
      const s = await api('api/usage/series?' + q);
      const one = groupBy.value === 'none';
      clear(charts, h('div', { class: 'grid2' },
        timeChart('Requests per bucket', seriesOf(s, (p) => (p ? p.requests : 0))),
        timeChart('Tokens per bucket', seriesOf(s, (p) => (p ? p.promptTokens + p.completionTokens : 0))),
        one
          ? timeChart('Latency (ms)', latency(s), { yLabel: 'ms', points: true })
          : timeChart('Latency p95 (ms)', seriesOf(s, (p) => (p ? p.latencyP95Ms : null)), { yLabel: 'ms', points: true })));
    } catch (e) { clear(charts, errorBox(e)); }
    await records.first();
  }

  async function exportCsv() {
    const { q } = filters();
    try { await download('api/usage/export?' + q, 'usage.csv'); } catch (e) { alert(e.message); }
  }

  await refresh();
}

function latency(s) {
  const pick = (k) => seriesOf(s, (p) => (p ? p[k] : null)).series[0];
  const base = seriesOf(s, () => 0);
  if (!base.series.length) return base;
  return { x: base.x, series: ['latencyP50Ms', 'latencyP95Ms', 'ttftP50Ms', 'ttftP95Ms'].map((k) => ({ label: k.replace('Ms', '').replace('latency', 'latency ').replace('ttft', 'TTFT '), values: pick(k).values })) };
}
