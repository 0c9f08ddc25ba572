// The cluster at a glance: nodes and partitions, models with their replicas by state, traffic of
// the last hour, running batches and tribunals, the latest audit entries. Live.
import { api } from '../api.js';
import { h, clear, table, state, fmt, debounce, errorBox, withTimes } from '../dom.js';
import { timeChart, seriesOf } from '../charts.js';

const LIVE_STATES = ['PENDING', 'STARTING', 'READY', 'DRAINING'];

export default async function overview(root, ctx) {
  const cluster = h('section');
  const traffic = h('section');
  const modelsBox = h('section');
  const work = h('section');
  const auditBox = h('section');
  root.append(h('h1', {}, 'Overview'), cluster, traffic, modelsBox, h('div', { class: 'grid2' }, work, auditBox));

  const loadModels = async () => {
    try {
      // the catalog and every model's live replicas by state: two requests, whatever the size
      const [list, census] = await Promise.all([api('api/models?limit=100'), api('api/replicas/counts')]);
      const count = (m, s) => String((census.data[m.name] || {})[s] || 0);
      clear(modelsBox, h('h2', {}, 'Models'), table([
        { label: 'Model', value: (m) => h('a', { href: '#/models/' + encodeURIComponent(m.name) }, m.name) },
        { label: 'Engine', value: (m) => m.engine },
        { label: 'Status', value: (m) => state(m.status && m.status.state) },
        { label: 'Message', value: (m) => withTimes(m.status && m.status.message) },
        ...LIVE_STATES.map((s) => ({ label: s.toLowerCase(), num: true, value: (m) => count(m, s) })),
      ], list.data, { empty: 'No models yet.' }),
      list.has_more ? h('a', { href: '#/models' }, 'All models') : null);
    } catch (e) { clear(modelsBox, errorBox(e)); }
  };

  const loadWork = async () => {
    try {
      const [b, t] = await Promise.all([api('v1/batches?limit=100'), api('api/tribunals?limit=100')]);
      const runningBatches = b.data.filter((x) => ['validating', 'in_progress', 'finalizing', 'cancelling'].includes(x.status));
      const runningTribunals = t.data.filter((x) => ['queued', 'running'].includes(x.status));
      clear(work,
        h('h2', {}, 'Running'),
        h('h3', {}, `Batches (${runningBatches.length})`),
        table([
          { label: 'Batch', value: (x) => h('a', { href: '#/batches/' + x.id }, x.id) },
          { label: 'Status', value: (x) => state(x.status) },
          { label: 'Progress', value: (x) => progressOf(x.request_counts) },
        ], runningBatches, { empty: 'No batch is running.' }),
        h('h3', {}, `Tribunals (${runningTribunals.length})`),
        table([
          { label: 'Tribunal', value: (x) => h('a', { href: '#/tribunals/' + x.id }, x.id) },
          { label: 'Status', value: (x) => state(x.status) },
          { label: 'Started', value: (x) => fmt.time(x.createdAt) },
        ], runningTribunals, { empty: 'No tribunal is running.' }));
    } catch (e) { clear(work, errorBox(e)); }
  };

  const loadAudit = async () => {
    try {
      const entries = (await api('api/audit?limit=8')).data;
      clear(auditBox, h('h2', {}, 'Latest changes'), table([
        { label: 'When', value: (e) => fmt.time(e.at) },
        { label: 'Who', value: (e) => e.actor },
        { label: 'What', value: (e) => `${e.action} ${e.targetId || ''}` },
      ], entries, { empty: 'The audit log is empty.' }), h('a', { href: '#/audit' }, 'The whole audit log'));
    } catch (e) { clear(auditBox, errorBox(e)); }
  };

  const loadCluster = async () => {
    try {
      const c = await api('api/cluster');
      const sum = (k) => c.nodes.reduce((a, n) => a + (n[k] || 0), 0);
      clear(cluster,
        h('div', { class: 'cards' },
          card('Nodes', String(c.nodes.length), `scheduler: ${c.scheduler}${c.apiVersion ? ' ' + c.apiVersion : ''}`),
          card('CPUs allocated', `${sum('cpusAllocated')} / ${sum('cpus')}`),
          card('GPUs allocated', `${sum('gpusAllocated')} / ${sum('gpus')}`),
          card('Partitions', String(c.partitions.length), c.partitions.map((p) => p.name).join(', '))),
        table([
          { label: 'Partition', value: (p) => p.name + (p.isDefault ? ' (default)' : '') },
          { label: 'State', value: (p) => p.state },
          { label: 'Nodes', value: (p) => (p.nodes || []).join(', ') },
          { label: 'CPUs free', num: true, value: (p) => `${p.cpusFree} / ${p.cpus}` },
          { label: 'GPUs free', num: true, value: (p) => `${p.gpusFree} / ${p.gpus}` },
        ], c.partitions, { empty: 'No partitions reported.' }),
        table([
          { label: 'Node', value: (n) => n.name },
          { label: 'State', value: (n) => n.state },
          { label: 'Address', value: (n) => n.address || '' },
          { label: 'CPUs allocated', num: true, value: (n) => `${n.cpusAllocated} / ${n.cpus}` },
          { label: 'GPUs allocated', num: true, value: (n) => `${n.gpusAllocated} / ${n.gpus}` },
          { label: 'Replicas', num: true, value: (n) => String((n.jobs || []).filter((j) => j.replica).length) },
          { label: 'Chunk jobs', num: true, value: (n) => String((n.jobs || []).filter((j) => j.batch).length) },
        ], c.nodes, { empty: 'No nodes reported.', caption: 'Nodes, with the replicas and batch chunk jobs running on each' }));
    } catch (e) { clear(cluster, errorBox(e)); }
  };

  const loadTraffic = async () => {
    try {
      const s = await api('api/usage/series?bucket=1m');
      const total = (k) => s.data.reduce((a, p) => a + p[k], 0);
      clear(traffic,
        h('div', { class: 'cards' },
          card('Requests, last hour', fmt.num(total('requests'))),
          card('Tokens, last hour', fmt.num(total('promptTokens') + total('completionTokens'))),
          card('Errors', fmt.num(total('errors')), '4xx and 5xx, not 429'),
          card('Refused (429)', fmt.num(total('refused')))),
        h('div', { class: 'grid2' },
          timeChart('Requests per minute', seriesOf(s, (p) => (p ? p.requests : 0))),
          timeChart('Tokens per minute', seriesOf(s, (p) => (p ? p.promptTokens + p.completionTokens : 0)))));
    } catch (e) { clear(traffic, errorBox(e)); }
  };

  await Promise.all([loadCluster(), loadTraffic(), loadModels(), loadWork(), loadAudit()]);
  const models = debounce(loadModels, 400);
  const running = debounce(loadWork, 400);
  ctx.live('model', models);
  ctx.live('replica', models);
  ctx.live('batch', running);
  ctx.live('tribunal', running);
  ctx.live('hello', () => { models(); running(); });
  const timer = setInterval(() => { loadTraffic(); loadCluster(); loadAudit(); }, 30000);
  ctx.onLeave(() => clearInterval(timer));
}

function card(title, figure, note) {
  return h('article', {}, h('small', {}, title), h('span', { class: 'figure' }, figure), note ? h('small', { class: 'muted' }, note) : null);
}

/**
 * A batch's request counts as words and a bar: "5 of 5 done: 3 completed, 2 failed", the bar's
 * completed part green and its failed part red, so a batch that ended with failures never looks
 * like a clean 100 %.
 */
export function progressOf(counts) {
  const c = { total: 0, completed: 0, failed: 0, ...(counts || {}) };
  const done = c.completed + c.failed;
  const text = c.total ? `${done} of ${c.total} done: ${c.completed} completed, ${c.failed} failed` : 'no requests counted yet';
  const segment = (kind, n) => {
    const part = h('span', { class: 'bar-' + kind, title: `${n} ${kind}` });
    // widths through the CSSOM: the console's CSP refuses style attributes
    part.style.width = `${c.total ? (n * 100) / c.total : 0}%`;
    return part;
  };
  return h('span', { class: 'progress' },
    h('span', { class: 'bar', 'aria-hidden': 'true' }, segment('completed', c.completed), segment('failed', c.failed)),
    h('span', { class: 'counts' }, text));
}
