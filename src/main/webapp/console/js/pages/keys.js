// Keys and tenants. A new key is shown once, with a copy button; limits, budget and expiry are
// edited in place; revoking keeps the record. Auditors see the tenants only.
import { api } from '../api.js';
import { h, clear, table, fmt, field, showErrors, pager, errorBox } from '../dom.js';

export default async function keys(root, ctx) {
  root.append(h('h1', {}, ctx.admin ? 'Keys and tenants' : 'Tenants'));
  if (ctx.admin) await keysSection(root);
  await tenantsSection(root, ctx);
}

async function keysSection(root) {
  const shown = h('div', { 'aria-live': 'polite' });
  const list = pager(
    (after, limit) => api(`api/keys?limit=${limit}${after ? '&after=' + after : ''}`),
    (rows) => table([
      { label: 'Id', num: true, value: (k) => String(k.id) },
      { label: 'Name', value: (k) => k.name },
      { label: 'Prefix', value: (k) => h('code', {}, k.prefix + '…') },
      { label: 'Role', value: (k) => k.role },
      { label: 'Tenant', value: (k) => k.tenant || '' },
      { label: 'Requests/min', num: true, value: (k) => fmt.num(k.requestsPerMinute) },
      { label: 'Tokens/min', num: true, value: (k) => fmt.num(k.tokensPerMinute) },
      { label: 'In flight', num: true, value: (k) => fmt.num(k.maxConcurrentRequests) },
      { label: 'Budget', num: true, value: (k) => (k.tokenBudget === null ? '' : `${fmt.num(k.tokensUsed)} / ${fmt.num(k.tokenBudget)}`) },
      { label: 'Expires', value: (k) => fmt.time(k.expiresAt) },
      { label: 'Revoked', value: (k) => fmt.time(k.revokedAt) },
      { label: '', value: (k) => (k.revokedAt ? '' : keyActions(k, () => list.reload())) },
    ], rows, { empty: 'No keys.' }), { pageSize: 50 });
  root.append(h('h2', {}, 'API keys'), createKeyForm(shown, () => list.first()), shown, list.element);
  await list.first();
}

function createKeyForm(shown, created) {
  const form = h('form', { novalidate: true },
    h('div', { class: 'field-row' },
      field('Name', 'name', h('input', { type: 'text', required: true })),
      field('Role', 'role', h('select', {}, ['user', 'auditor', 'admin'].map((r) => h('option', { value: r }, r)))),
      field('Tenant', 'tenant', h('input', { type: 'text', placeholder: 'required for user keys' }))),
    limitFields({}),
    h('p', { class: 'error form-error', role: 'alert' }),
    h('button', { type: 'submit' }, 'Create key'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { name: value(form, 'name'), role: value(form, 'role'), ...limits(form) };
    if (value(form, 'tenant')) body.tenant = value(form, 'tenant');
    try {
      showErrors(form, null);
      const k = await api('api/keys', { method: 'POST', body });
      form.reset();
      showOnce(shown, k);
      created();
    } catch (e) { showErrors(form, e); }
  });
  return h('details', {}, h('summary', { role: 'button', class: 'secondary' }, 'Create a key'), form);
}

function showOnce(box, k) {
  const code = h('code', { id: 'new-key' }, k.key);
  const copied = h('small', { role: 'status' });
  clear(box, h('div', { class: 'once' },
    h('p', {}, h('strong', {}, `Key ${k.name} (id ${k.id}).`), ' It is shown this once: copy it now.'),
    h('p', {}, code),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: async () => {
        try { await navigator.clipboard.writeText(k.key); copied.textContent = 'Copied.'; }
        catch (e) { getSelection().selectAllChildren(code); copied.textContent = 'Selected: press Ctrl+C.'; }
      } }, 'Copy'),
      h('button', { type: 'button', class: 'secondary', onclick: () => clear(box) }, 'Done'), copied)));
}

// the expiry is typed and shown in the browser's local time, like every time in the console
function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

function limitFields(k) {
  return h('div', { class: 'field-row' },
    field('Requests per minute', 'requestsPerMinute', h('input', { type: 'number', min: 1, value: k.requestsPerMinute ?? '' })),
    field('Tokens per minute', 'tokensPerMinute', h('input', { type: 'number', min: 1, value: k.tokensPerMinute ?? '' })),
    field('Requests in flight', 'maxConcurrentRequests', h('input', { type: 'number', min: 1, value: k.maxConcurrentRequests ?? '' })),
    field('Token budget', 'tokenBudget', h('input', { type: 'number', min: 0, value: k.tokenBudget ?? '' })),
    field('Expires', 'expiresAt', h('input', { type: 'datetime-local', value: localInput(k.expiresAt) })));
}

function value(form, name) {
  return form.elements.namedItem(name).value.trim();
}

// empty fields are null: "no limit"
function limits(form) {
  const num = (n) => (value(form, n) === '' ? null : Number(value(form, n)));
  const expires = value(form, 'expiresAt');
  return { requestsPerMinute: num('requestsPerMinute'), tokensPerMinute: num('tokensPerMinute'),
    maxConcurrentRequests: num('maxConcurrentRequests'),
    tokenBudget: num('tokenBudget'), expiresAt: expires ? new Date(expires).toISOString() : null };
}

function keyActions(k, reload) {
  const box = h('div');
  const edit = () => {
    const form = h('form', { novalidate: true }, limitFields(k), h('p', { class: 'error form-error', role: 'alert' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save'),
        h('button', { type: 'button', class: 'secondary', onclick: () => clear(box, buttons()) }, 'Close')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try { showErrors(form, null); await api('api/keys/' + k.id, { method: 'PATCH', body: limits(form) }); reload(); }
      catch (e) { showErrors(form, e); }
    });
    clear(box, form);
  };
  const buttons = () => h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary outline', onclick: edit }, 'Edit'),
    h('button', { type: 'button', class: 'secondary outline', onclick: async () => {
      if (!confirm(`Revoke key ${k.name} (${k.prefix}…)? Clients using it get 401 at once.`)) return;
      try { await api('api/keys/' + k.id, { method: 'DELETE' }); reload(); } catch (e) { alert(e.message); }
    } }, 'Revoke'));
  return clear(box, buttons());
}

async function tenantsSection(root, ctx) {
  const box = h('section');
  root.append(h('h2', {}, 'Tenants'), box);
  const load = async () => {
    try {
      const tenants = (await api('api/tenants?limit=200')).data;
      clear(box,
        ctx.admin ? tenantForm(load) : null,
        table([
          { label: 'Tenant', value: (t) => t.name },
          { label: 'Content policy', value: (t) => (ctx.admin ? policySelect(t, load) : t.contentPolicy) },
          { label: 'Created', value: (t) => fmt.time(t.createdAt) },
        ], tenants, { empty: 'No tenants.' }));
    } catch (e) { clear(box, errorBox(e)); }
  };
  await load();
}

const POLICIES = ['none', 'metadata', 'full'];

function policySelect(t, reload) {
  const select = h('select', { 'aria-label': `Content policy of ${t.name}`, onchange: async () => {
    try { await api('api/tenants/' + encodeURIComponent(t.name), { method: 'PATCH', body: { contentPolicy: select.value } }); }
    catch (e) { alert(e.message); }
    reload();
  } }, POLICIES.map((p) => h('option', { value: p, selected: p === t.contentPolicy }, p)));
  return select;
}

function tenantForm(created) {
  const form = h('form', { novalidate: true },
    h('div', { class: 'field-row' },
      field('Name', 'name', h('input', { type: 'text', required: true, placeholder: 'e.g. team-a' })),
      field('Content policy (what the ledger keeps)', 'contentPolicy', h('select', {}, POLICIES.map((p) => h('option', { value: p }, p))))),
    h('p', { class: 'error form-error', role: 'alert' }),
    h('button', { type: 'submit' }, 'Add tenant'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      showErrors(form, null);
      await api('api/tenants', { method: 'POST', body: { name: value(form, 'name'), contentPolicy: value(form, 'contentPolicy') } });
      created();
    } catch (e) { showErrors(form, e); }
  });
  return h('details', {}, h('summary', { role: 'button', class: 'secondary' }, 'Add a tenant'), form);
}
