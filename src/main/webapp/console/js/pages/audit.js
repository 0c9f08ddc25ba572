// The audit log: filters, paging on the server, and each entry opened to show what changed.
import { api } from '../api.js';
import { h, clear, table, fmt, pager } from '../dom.js';

export default async function audit(root) {
  const form = h('form', { class: 'toolbar' },
    // placeholders read as examples ("e.g. ..."), so an empty filter never looks filled in
    ...[['actor', 'Actor', 'admin'], ['action', 'Action', 'model.create'], ['targetType', 'Object type', 'model'], ['targetId', 'Object id', 'llama-3.1-8b']]
      .map(([name, label, example]) => h('label', {}, label, h('input', { type: 'text', name, placeholder: 'e.g. ' + example }))),
    h('label', {}, 'From', h('input', { type: 'datetime-local', name: 'from' })),
    h('label', {}, 'To', h('input', { type: 'datetime-local', name: 'to' })),
    h('button', { type: 'submit' }, 'Filter'));
  const query = () => {
    const q = new URLSearchParams();
    for (const name of ['actor', 'action', 'targetType', 'targetId']) {
      const v = form.elements.namedItem(name).value.trim();
      if (v) q.set(name, v);
    }
    for (const name of ['from', 'to']) {
      const v = form.elements.namedItem(name).value;
      if (v) q.set(name, new Date(v).toISOString());
    }
    return q;
  };
  const list = pager(async (after, limit) => {
    const q = query();
    q.set('limit', limit);
    if (after) q.set('after', after);
    return api('api/audit?' + q);
  }, (rows) => table([
    { label: 'When', value: (e) => fmt.time(e.at) },
    { label: 'Who', value: (e) => e.actor },
    { label: 'Action', value: (e) => e.action },
    { label: 'Object', value: (e) => `${e.targetType} ${e.targetId || ''}` },
    { label: 'Change', value: (e) => h('details', {}, h('summary', {}, 'What changed'), diff(e.before, e.after)) },
  ], rows, { empty: 'No entries match.' }), { pageSize: 50 });
  form.addEventListener('submit', (event) => { event.preventDefault(); list.first(); });
  root.append(h('h1', {}, 'Audit log'), form, list.element);
  await list.first();
}

/** The fields that differ between before and after, one row per changed path. */
export function diff(before, after) {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().filter((p) => a[p] !== b[p]);
  if (!paths.length) return h('p', { class: 'muted' }, 'No field changed.');
  return h('table', { class: 'diff' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Before'), h('th', {}, 'After'))),
    h('tbody', {}, paths.map((p) => h('tr', {}, h('td', {}, p),
      h('td', { class: 'before' }, a[p] === undefined ? '—' : a[p]),
      h('td', { class: 'after' }, b[p] === undefined ? '—' : b[p])))));
}

function flatten(value, prefix = '', out = {}) {
  if (value === null || value === undefined) return out;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    if (!Object.keys(value).length && prefix) out[prefix] = '{}';
  } else {
    out[prefix || '(value)'] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
