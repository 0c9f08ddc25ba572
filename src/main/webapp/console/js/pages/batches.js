// Batches: progress from request_counts, live; per batch its chunks (the SLURM jobs that ran
// them), the output and error files, cancel.
import { api, download } from '../api.js';
import { h, clear, table, state, fmt, pager, debounce, errorBox, withTimes } from '../dom.js';
import { progressOf } from './overview.js';

const ACTIVE = ['validating', 'in_progress', 'finalizing'];

export default async function batches(root, ctx) {
  if (ctx.params[0]) return detail(root, ctx, ctx.params[0]);
  root.append(h('h1', {}, 'Batches'), h('p', { class: 'muted' },
    'Batches are sent through the OpenAI Files and Batches API (POST /v1/files, then POST /v1/batches).'));
  const list = pager(
    (after, limit) => api(`v1/batches?limit=${limit}${after ? '&after=' + encodeURIComponent(after) : ''}`),
    (rows) => table([
      { label: 'Batch', value: (b) => h('a', { href: '#/batches/' + b.id }, b.id) },
      { label: 'Status', value: (b) => state(b.status) },
      { label: 'Progress', value: (b) => progressOf(b.request_counts) },
      { label: 'Endpoint', value: (b) => b.endpoint },
      { label: 'Created', value: (b) => fmt.unix(b.created_at) },
      ctx.writes ? { label: '', value: (b) => cancelButton(b, () => list.reload()) } : null,
    ].filter(Boolean), rows, { empty: 'No batches yet.' }),
    { pageSize: 50 });
  root.append(list.element);
  await list.first();
  const reload = debounce(() => list.reload(), 300);
  ctx.live('batch', reload);
  ctx.live('hello', reload);
}

function cancelButton(b, after) {
  if (!ACTIVE.includes(b.status)) return '';
  return h('button', { type: 'button', class: 'secondary outline', onclick: async (event) => {
    event.target.disabled = true;
    try { await api(`v1/batches/${b.id}/cancel`, { method: 'POST' }); } catch (e) { alert(e.message); }
    after();
  } }, 'Cancel');
}

async function detail(root, ctx, id) {
  const head = h('section');
  const chunks = h('section');
  root.append(head, chunks);
  const load = async () => {
    try {
      const [b, c] = await Promise.all([api('v1/batches/' + encodeURIComponent(id)), api(`api/batches/${encodeURIComponent(id)}/chunks`)]);
      const file = (fileId, label) => (fileId
        ? h('button', { type: 'button', class: 'secondary', onclick: () => download(`v1/files/${fileId}/content`, `${id}-${label}.jsonl`) }, `Download ${label}`)
        : null);
      clear(head,
        h('h1', {}, id),
        h('p', {}, state(b.status), ' ', progressOf(b.request_counts)),
        h('p', { class: 'muted' }, `${b.endpoint} · input ${b.input_file_id} · created `, fmt.unix(b.created_at),
          b.completed_at ? [' · completed ', fmt.unix(b.completed_at)] : null),
        b.errors && b.errors.data && b.errors.data.length
          ? h('ul', { class: 'error' }, b.errors.data.map((e) => h('li', {}, `${e.line ? 'line ' + e.line + ': ' : ''}${e.message}`))) : null,
        h('div', { class: 'actions' }, file(b.output_file_id, 'output'), file(b.error_file_id, 'errors'),
          ctx.writes ? cancelButton(b, load) : null));
      clear(chunks, h('h2', {}, 'Chunks'), table([
        { label: '#', num: true, value: (x) => String(x.index) },
        { label: 'Model', value: (x) => x.model },
        { label: 'Lines', value: (x) => `${x.firstLine}–${x.lastLine}` },
        { label: 'State', value: (x) => state(x.state) },
        { label: 'SLURM job', value: (x) => x.jobId || '' },
        { label: 'Attempts', num: true, value: (x) => String(x.attempts) },
        { label: 'Node', value: (x) => x.node || '' },
        { label: 'Done', num: true, value: (x) => `${x.completed + x.failed} / ${x.requests}` },
        { label: 'Submitted', value: (x) => fmt.time(x.submittedAt) },
        { label: 'Started', value: (x) => fmt.time(x.startedAt) },
        { label: 'Ended', value: (x) => fmt.time(x.endedAt) },
        { label: 'Message', value: (x) => withTimes(x.message) },
      ], c.data, { empty: 'No chunks yet (the input is being validated).' }));
    } catch (e) { clear(head, errorBox(e)); }
  };
  await load();
  const reload = debounce(load, 300);
  ctx.live('batch', (x) => { if (x.id === id) reload(); });
  ctx.live('hello', reload);
}
