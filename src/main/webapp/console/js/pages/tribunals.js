// Tribunals: the list, a form to start one, and a transcript that fills in as the steps end
// (proposers' answers, judges' scores and critiques, the verdict). All model text is shown as text.
import { api, events } from '../api.js';
import { h, clear, table, state, fmt, field, showErrors, pager, debounce, errorBox, withTimes } from '../dom.js';

export default async function tribunals(root, ctx) {
  if (ctx.params[0]) return transcript(root, ctx, ctx.params[0]);
  root.append(h('h1', {}, 'Tribunals'));
  if (ctx.writes) root.append(await startForm());
  const list = pager(
    (after, limit) => api(`api/tribunals?limit=${Math.min(limit, 100)}${after ? '&after=' + encodeURIComponent(after) : ''}`),
    (rows) => table([
      { label: 'Tribunal', value: (t) => h('a', { href: '#/tribunals/' + t.id }, t.id) },
      { label: 'Status', value: (t) => state(t.status) },
      { label: 'Prompt', value: (t) => fmt.short(t.request && t.request.prompt) },
      { label: 'Rounds', value: (t) => roundsOf(t, { short: true }) },
      { label: 'Created', value: (t) => fmt.time(t.createdAt) },
    ], rows, { empty: 'No tribunals yet.' }));
  root.append(h('h2', {}, 'All tribunals'), list.element);
  await list.first();
  const reload = debounce(() => list.reload(), 300);
  ctx.live('tribunal', reload);
  ctx.live('hello', reload);
}

async function startForm() {
  let names = [];
  try { names = (await api('v1/models')).data.map((m) => m.id); } catch (e) { /* typed by hand then */ }
  const datalist = h('datalist', { id: 'model-names' }, names.map((n) => h('option', { value: n })));
  const form = h('form', { novalidate: true },
    field('Prompt', 'prompt', h('textarea', { rows: 3, required: true })),
    h('div', { class: 'field-row' },
      field('Panel (models, comma-separated)', 'panel', h('input', { type: 'text', list: 'model-names', required: true })),
      field('Judges (comma-separated)', 'judges', h('input', { type: 'text', list: 'model-names' })),
      field('Rounds', 'rounds', h('input', { type: 'number', value: 1, min: 1 })),
      field('Aggregation', 'aggregation', h('select', {}, ['best', 'vote', 'synthesize'].map((a) => h('option', { value: a }, a)))),
      field('Max tokens', 'maxTokens', h('input', { type: 'number', value: 256, min: 1 }))),
    h('p', { class: 'error form-error', role: 'alert' }),
    h('button', { type: 'submit' }, 'Start tribunal'), datalist);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = (n) => form.elements.namedItem(n).value.trim();
    const list = (n) => v(n).split(',').map((x) => x.trim()).filter(Boolean);
    const body = { prompt: v('prompt'), panel: list('panel'), rounds: Number(v('rounds')), aggregation: v('aggregation'), maxTokens: Number(v('maxTokens')) };
    if (list('judges').length) body.judges = list('judges');
    try {
      showErrors(form, null);
      const t = await api('api/tribunals', { method: 'POST', body });
      location.hash = '#/tribunals/' + t.id;
    } catch (e) { showErrors(form, e); }
  });
  return h('details', {}, h('summary', { role: 'button', class: 'secondary' }, 'Start a tribunal'), form);
}

const FINAL = ['completed', 'failed', 'cancelled'];

/**
 * Rounds run of rounds asked, and why fewer ran when the judges ended it early: "round 2 of 3",
 * "stopped early after round 1 of 2" (short, for the list: "1 of 2, stopped early").
 */
function roundsOf(t, { short = false } = {}) {
  const asked = (t.request && t.request.rounds) || 1;
  if (t.stoppedEarly) return short ? `${t.roundsRun} of ${asked}, stopped early` : `stopped early after round ${t.roundsRun} of ${asked}`;
  return short ? `${t.roundsRun} of ${asked}` : `round ${t.roundsRun} of ${asked}`;
}

async function transcript(root, ctx, id) {
  const t = await api('api/tribunals/' + encodeURIComponent(id));
  const head = h('section');
  const steps = h('section', { class: 'transcript', 'aria-live': 'polite' });
  const verdict = h('section');
  root.append(head, h('h2', {}, 'Transcript'), steps, verdict);
  const seen = new Set();
  const showHead = (t) => {
    clear(head,
      h('h1', {}, id),
      h('p', {}, state(t.status), ` · ${roundsOf(t)} · created `, fmt.time(t.createdAt),
        t.error ? [' · ', h('span', { class: 'error' }, withTimes(t.error))] : null),
      h('p', {}, h('strong', {}, 'Prompt: '), t.request.prompt),
      h('p', { class: 'muted' }, `Panel: ${(t.request.panel || []).join(', ')} · judges: ${(t.request.judges || []).join(', ') || 'none'} · ${t.request.aggregation || ''}`),
      ctx.writes && !FINAL.includes(t.status)
        ? h('button', { type: 'button', class: 'secondary outline', onclick: async () => {
          try { showHead(await api(`api/tribunals/${id}/cancel`, { method: 'POST' })); } catch (e) { alert(e.message); }
        } }, 'Cancel') : null);
    if (t.verdict) {
      clear(verdict, h('h2', {}, 'Verdict'), h('article', {},
        h('header', {}, `${t.verdict.model || ''}${t.verdict.score ? ' · score ' + t.verdict.score : ''}`),
        h('p', { class: 'text' }, t.verdict.text)));
    }
  };
  const addStep = (s) => {
    const key = `${s.round}/${s.role}/${s.model}/${s.at}`;
    if (seen.has(key)) return;
    seen.add(key);
    steps.append(h('article', { 'data-role': s.role },
      h('header', {}, h('strong', {}, `Round ${s.round} · ${s.role} · ${s.model}`),
        h('small', { class: 'muted' }, ` ${fmt.ms(s.latencyMs)}`)),
      s.error ? h('p', { class: 'error' }, s.error) : h('p', { class: 'text' }, s.output || ''),
      s.scores ? scoresOf(s.scores) : null));
  };
  showHead(t);
  (t.steps || []).forEach(addStep);
  if (FINAL.includes(t.status)) return;
  const controller = new AbortController();
  ctx.onLeave(() => controller.abort());
  const refresh = debounce(async () => showHead(await api('api/tribunals/' + encodeURIComponent(id))), 200);
  events(`api/tribunals/${encodeURIComponent(id)}/events`, (e) => {
    const data = JSON.parse(e.data);
    if (e.event === 'step') addStep(data);
    else if (e.event === 'status') refresh();
  }, { signal: controller.signal }).catch((e) => { if (e.name !== 'AbortError') head.append(errorBox(e)); });
}

// a judge's scores: one row per answer judged, with the critique
function scoresOf(scores) {
  const rows = Array.isArray(scores) ? scores : [];
  if (!rows.length || typeof rows[0] !== 'object') return h('pre', { class: 'text' }, JSON.stringify(scores));
  return table([
    { label: 'Answer of', value: (r) => r.model || String(r.answer ?? '') },
    { label: 'Score', num: true, value: (r) => String(r.score ?? '') },
    { label: 'Critique', value: (r) => r.critique || '' },
  ], rows);
}
