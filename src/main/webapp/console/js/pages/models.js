// The model catalog: list, create and edit (the server's field errors beside the fields), scale,
// delete; per model its replicas live, with each replica's job log. A user key reads the models it
// may call (name, task, context length, status): the server answers it with summaries only.
import { api, apiText } from '../api.js';
import { h, clear, table, state, fmt, field, showErrors, debounce, errorBox, withTimes } from '../dom.js';

export default async function models(root, ctx) {
  if (ctx.me.role === 'user') return summaries(root, ctx);
  if (ctx.params[0] === 'new') return editor(root, ctx, null);
  if (ctx.params[1] === 'edit') return editor(root, ctx, ctx.params[0]);
  if (ctx.params[0]) return detail(root, ctx, ctx.params[0]);
  const list = h('section');
  root.append(h('div', { class: 'toolbar' }, h('h1', {}, 'Models'),
    ctx.admin ? h('a', { href: '#/models/new', role: 'button' }, 'New model') : null), list);
  let after = null;
  const load = async () => {
    try {
      const page = await api('api/models?limit=100' + (after ? '&after=' + encodeURIComponent(after) : ''));
      clear(list, table([
        { label: 'Name', value: (m) => h('a', { href: '#/models/' + encodeURIComponent(m.name) }, m.name) },
        { label: 'Engine', value: (m) => m.engine === 'tribunal' ? 'tribunal: ' + members(m.tribunal) : m.engine },
        { label: 'Task', value: (m) => m.task },
        { label: 'Status', value: (m) => state(m.status && m.status.state) },
        { label: 'Message', value: (m) => withTimes(m.status && m.status.message) },
        { label: 'Replicas (min/desired/max)', num: true, value: (m) => `${m.scaling.minReplicas} / ${m.status ? m.status.desiredReplicas : ''} / ${m.scaling.maxReplicas}` },
        { label: 'GPUs', num: true, value: (m) => String(m.resources.gpus) },
        ctx.admin ? { label: 'Actions', value: (m) => actions(m, ctx, load) } : null,
      ].filter(Boolean), page.data, { empty: 'No models yet.' }),
      page.has_more ? h('button', { type: 'button', class: 'secondary', onclick: () => { after = page.last_id; load(); } }, 'More') : null);
    } catch (e) { clear(list, errorBox(e)); }
  };
  await load();
  const reload = debounce(load, 300);
  ctx.live('model', reload);
  ctx.live('hello', reload);
}

// A user's view: what it may call and whether it serves now; no replicas, no definitions. Model
// changes are not streamed to users, so the list is read again every 10 s while it is open.
async function summaries(root, ctx) {
  const list = h('section');
  root.append(h('div', { class: 'toolbar' }, h('h1', {}, 'Models')),
    h('p', { class: 'muted' }, 'The models your key may call: send the name as "model" to /v1.'), list);
  let after = null;
  const load = async () => {
    try {
      const page = await api('api/models?limit=100' + (after ? '&after=' + encodeURIComponent(after) : ''));
      clear(list, table([
        { label: 'Name', value: (m) => m.name },
        { label: 'Task', value: (m) => m.task },
        { label: 'Context', num: true, value: (m) => String(m.contextLength) },
        { label: 'Status', value: (m) => state(m.status && m.status.state) },
        { label: 'Message', value: (m) => withTimes(m.status && m.status.message) },
      ], page.data, { empty: 'No model is open to your key yet.' }),
      page.has_more ? h('button', { type: 'button', class: 'secondary', onclick: () => { after = page.last_id; load(); } }, 'More') : null);
    } catch (e) { clear(list, errorBox(e)); }
  };
  await load();
  const timer = setInterval(load, 10000);
  ctx.onLeave(() => clearInterval(timer));
}

function actions(m, ctx, reload) {
  const desired = h('input', { type: 'number', min: 0, max: m.scaling.maxReplicas, value: m.status ? m.status.desiredReplicas : 0,
    'aria-label': `Desired replicas of ${m.name}` });
  const message = h('small', { class: 'error', role: 'alert' });
  return h('div', {},
    h('div', { class: 'actions' },
      desired,
      h('button', { type: 'button', onclick: async () => {
        try { await api(`api/models/${encodeURIComponent(m.name)}/replicas`, { method: 'PUT', body: { desired: Number(desired.value) } }); message.textContent = ''; reload(); }
        catch (e) { message.textContent = e.message; }
      } }, 'Scale'),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await api(`api/models/${encodeURIComponent(m.name)}/replicas`, { method: 'PUT', body: { desired: null } }); reload(); }
        catch (e) { message.textContent = e.message; }
      } }, 'Autoscale'),
      h('a', { href: `#/models/${encodeURIComponent(m.name)}/edit`, role: 'button', class: 'secondary outline' }, 'Edit'),
      h('button', { type: 'button', class: 'secondary outline', onclick: async () => {
        if (!confirm(`Delete ${m.name}? Its replicas are drained and stopped.`)) return;
        try { await api(`api/models/${encodeURIComponent(m.name)}`, { method: 'DELETE' }); reload(); }
        catch (e) { message.textContent = e.message; }
      } }, 'Delete')),
    message);
}

async function detail(root, ctx, name) {
  const head = h('section');
  const replicas = h('section');
  const queue = h('section');
  const log = h('section');
  root.append(head, replicas, queue, log);
  const load = async () => {
    try {
      const [m, r, q] = await Promise.all([
        api(`api/models/${encodeURIComponent(name)}`),
        api(`api/models/${encodeURIComponent(name)}/replicas?limit=50`),
        api(`api/models/${encodeURIComponent(name)}/queue`)]);
      clear(head,
        h('div', { class: 'toolbar' }, h('h1', {}, m.name),
          ctx.admin ? h('a', { href: `#/models/${encodeURIComponent(name)}/edit`, role: 'button', class: 'secondary' }, 'Edit') : null),
        h('p', {}, state(r.status.state), ' ', withTimes(r.status.message), ` · desired replicas ${r.status.desiredReplicas}`),
        m.tribunal
          ? h('p', { class: 'muted' }, `tribunal · ${members(m.tribunal)} · ${m.tribunal.rounds} round(s), ${m.tribunal.aggregation}, quorum ${m.tribunal.quorum}`)
          : h('p', { class: 'muted' }, `${m.engine} · ${m.weights || 'no weights'} · ${m.resources.gpus} GPU, ${m.resources.cpus} CPU, ${m.resources.memoryGb} GB, ${m.resources.timeLimitMinutes} min · context ${m.contextLength}`),
        ctx.admin ? actions(m, ctx, load) : null);
      clear(replicas, h('h2', {}, 'Replicas'), table([
        { label: 'State', value: (x) => state(x.state) },
        { label: 'SLURM job', value: (x) => x.jobId || '' },
        { label: 'Node', value: (x) => x.node || '' },
        { label: 'Endpoint', value: (x) => x.endpoint || '' },
        { label: 'Started', value: (x) => fmt.time(x.startedAt || x.submittedAt) },
        { label: 'Walltime end', value: (x) => fmt.time(x.walltimeEnd) },
        { label: 'Why', value: (x) => withTimes(x.failureReason || x.pendingReason) },
        // a replica whose job was never submitted (refused by SLURM) has no log to show
        { label: 'Log', value: (x) => (x.jobId ? h('button', { type: 'button', class: 'secondary outline', onclick: () => showLog(log, name, x) }, 'Log') : '') },
      ], r.data, { empty: 'No replicas: the model is scaled to zero.' }));
      // who waits for a slot when the replicas are full, next served first
      clear(queue, h('h2', {}, 'Queue'),
        h('p', { class: 'muted' }, `${q.waiting} waiting on this gateway; served by tier, then the tenant served least (weighted tokens).`),
        table([
          { label: 'Tenant', value: (x) => x.tenant },
          { label: 'Tier', value: (x) => x.tier },
          { label: 'Waiting', value: (x) => String(x.waiting) },
          { label: 'Served (weighted tokens)', value: (x) => String(x.servedWeightedTokens) },
        ], q.data, { empty: 'Nobody waits: every request has a slot.' }));
    } catch (e) { clear(head, errorBox(e)); }
  };
  await load();
  const reload = debounce(load, 300);
  ctx.live('replica', (c) => { if (c.model === name) reload(); });
  ctx.live('model', (c) => { if (c.id === name) reload(); });
  ctx.live('hello', reload);
}

async function showLog(box, model, replica) {
  clear(box, h('h2', {}, `Job log of ${replica.jobId || replica.id}`), h('p', { 'aria-busy': 'true' }, 'Loading…'));
  try {
    const text = await apiText(`api/models/${encodeURIComponent(model)}/replicas/${replica.id}/log?bytes=16384`);
    clear(box, h('h2', {}, `Job log of ${replica.jobId || replica.id} (the last 16 KiB)`), h('pre', { class: 'log', tabindex: 0 }, text || '(empty)'));
  } catch (e) {
    clear(box, h('h2', {}, 'Job log'), errorBox(e));
  }
}

const ENGINES = ['vllm', 'llamacpp', 'sim', 'onnx', 'tribunal'];
const TASKS = ['generate', 'embed'];
const RUNTIMES = [['', 'none'], ['podman', 'podman'], ['apptainer', 'apptainer']];

async function editor(root, ctx, name) {
  const m = name ? await api(`api/models/${encodeURIComponent(name)}`) : {
    engine: 'vllm', engineArgs: [], resources: { gpus: 1, cpus: 8, memoryGb: 32, timeLimitMinutes: 240 },
    scaling: { minReplicas: 0, maxReplicas: 1, targetConcurrency: 16, idleMinutes: 30 }, tenants: [] };
  const r = m.resources || {};
  const s = m.scaling || {};
  const input = (type, value, extra = {}) => h('input', { type, value: value ?? '', ...extra });
  const engine = h('select', {}, ENGINES.map((e) => h('option', { value: e, selected: e === m.engine }, e)));
  const task = h('select', {}, TASKS.map((t) => h('option', { value: t, selected: t === (m.task || 'generate') }, t)));
  const c = m.container || {};
  const runtime = h('select', {}, RUNTIMES.map(([value, label]) => h('option', { value, selected: value === (c.runtime || '') }, label)));
  const form = h('form', { novalidate: true },
    h('div', { class: 'field-row' },
      field('Name', 'name', input('text', m.name, { readOnly: !!name, required: true, placeholder: 'e.g. llama-3.1-8b' })),
      field('Engine', 'engine', engine),
      field('Task', 'task', task),
      field('Context length', 'contextLength', input('number', m.contextLength))),
    field('Weights (path or model id)', 'weights', input('text', m.weights)),
    h('div', { class: 'field-row' },
      field('Container', 'container.runtime', runtime),
      field('Container image', 'container.image', input('text', c.image, { placeholder: 'localhost/slurmllm-runtime:…' }))),
    field('Engine arguments (one per line)', 'engineArgs', h('textarea', { rows: 2 }, (m.engineArgs || []).join('\n'))),
    h('fieldset', {}, h('legend', {}, 'Resources per replica'),
      h('div', { class: 'field-row' },
        field('GPUs', 'resources.gpus', input('number', r.gpus)),
        field('CPUs', 'resources.cpus', input('number', r.cpus)),
        field('Memory (GB)', 'resources.memoryGb', input('number', r.memoryGb)),
        field('Time limit (min)', 'resources.timeLimitMinutes', input('number', r.timeLimitMinutes))),
      h('div', { class: 'field-row' },
        field('Partition', 'resources.partition', input('text', r.partition)),
        field('Account', 'resources.account', input('text', r.account)),
        field('QOS', 'resources.qos', input('text', r.qos)),
        field('Constraint', 'resources.constraint', input('text', r.constraint)))),
    h('fieldset', {}, h('legend', {}, 'Scaling'),
      h('div', { class: 'field-row' },
        field('Min replicas', 'scaling.minReplicas', input('number', s.minReplicas)),
        field('Max replicas', 'scaling.maxReplicas', input('number', s.maxReplicas)),
        field('Requests per replica', 'scaling.targetConcurrency', input('number', s.targetConcurrency)),
        field('Idle minutes', 'scaling.idleMinutes', input('number', s.idleMinutes)))),
    field('Tenants (comma-separated; empty: every tenant)', 'tenants', input('text', (m.tenants || []).join(', '))),
    h('p', { class: 'error form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, name ? 'Save' : 'Create'),
      h('a', { href: name ? `#/models/${encodeURIComponent(name)}` : '#/models', role: 'button', class: 'secondary outline' }, 'Cancel')));
  root.append(h('h1', {}, name ? `Edit ${name}` : 'New model'), form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = (n) => form.elements.namedItem(n).value.trim();
    const num = (n) => (v(n) === '' ? null : Number(v(n)));
    const text = (n) => (v(n) === '' ? null : v(n));
    const body = {
      name: v('name'), engine: v('engine'), task: v('task'), weights: text('weights'),
      container: v('container.runtime') === '' ? null : { runtime: v('container.runtime'), image: text('container.image') },
      contextLength: num('contextLength'),
      engineArgs: v('engineArgs').split('\n').map((a) => a.trim()).filter(Boolean),
      resources: { gpus: num('resources.gpus'), cpus: num('resources.cpus'), memoryGb: num('resources.memoryGb'),
        timeLimitMinutes: num('resources.timeLimitMinutes'), partition: text('resources.partition'),
        account: text('resources.account'), qos: text('resources.qos'), constraint: text('resources.constraint') },
      scaling: { minReplicas: num('scaling.minReplicas'), maxReplicas: num('scaling.maxReplicas'),
        targetConcurrency: num('scaling.targetConcurrency'), idleMinutes: num('scaling.idleMinutes') },
      tenants: v('tenants').split(',').map((t) => t.trim()).filter(Boolean),
      // a recipe's panel and judges are kept as they are (edited through the API)
      tribunal: m.tribunal || null,
    };
    try {
      showErrors(form, null);
      const saved = name
        ? await api(`api/models/${encodeURIComponent(name)}`, { method: 'PUT', body })
        : await api('api/models', { method: 'POST', body });
      location.hash = '#/models/' + encodeURIComponent(saved.name);
    } catch (e) {
      showErrors(form, e);
    }
  });
}

/** A recipe's members as one line: who answers, who judges. */
function members(recipe) {
  if (!recipe) {
    return '';
  }
  return `panel ${recipe.panel.join(', ')}; judges ${recipe.judges.join(', ')}`;
}
