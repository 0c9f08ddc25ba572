// Building the page from data. Every text goes in as text (textContent, never innerHTML): a
// prompt or a model's answer that holds markup shows as characters.

/** h('a', {href: '#/x', onclick: fn, class: 'y'}, 'text', child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table: columns are {label, value: row => text or node, num: true for right-aligned}. */
export function table(columns, rows, { empty = 'Nothing here yet.', caption } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('div', { class: 'overflow-auto' },
    h('table', { class: 'striped' },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.num ? 'num' : null, 'data-label': c.label }, c.value(row))))))));
}

export function state(text) {
  return text ? h('span', { class: 'state state-' + text }, text) : '';
}

// One time zone throughout: every instant in the browser's local time, its UTC (ISO) on hover.
function instant(date) {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString().replace('.000Z', 'Z');
  return h('time', { datetime: iso, title: iso + ' (UTC)' },
    date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }));
}

// an ISO instant inside a server's message ("next attempt at 2026-12-07T10:15:30.123456Z")
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/g;

/**
 * A server's message with the instants in it shown like every other time in the console: the API
 * keeps them ISO (UTC) for scripts; people read them in their own zone.
 */
export function withTimes(text) {
  if (!text) return '';
  const parts = [];
  let at = 0;
  for (const m of text.matchAll(ISO_INSTANT)) {
    parts.push(text.slice(at, m.index), instant(new Date(m[0])) || m[0]);
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return h('span', {}, parts);
}

export const fmt = {
  /** an ISO instant as a <time> in local time (UTC on hover); '' for none */
  time: (iso) => (iso ? instant(new Date(iso)) : ''),
  /** unix seconds (the OpenAI objects' created_at) the same way */
  unix: (s) => (s ? instant(new Date(s * 1000)) : ''),
  num: (n) => (n === null || n === undefined ? '' : Number(n).toLocaleString()),
  ms: (n) => (n === null || n === undefined ? '' : Number(n).toLocaleString() + ' ms'),
  short: (text, n = 80) => (!text ? '' : text.length > n ? text.slice(0, n - 1) + '…' : text),
};

let fields = 0;

/** A field with its label and a place for the server's error about it. */
export function field(label, name, input) {
  input.name = name;
  fields += 1; // ids stay unique when two forms on a page have a field of the same name
  input.id = `f-${name.replace(/\W/g, '-')}-${fields}`;
  input.setAttribute('aria-describedby', input.id + '-error');
  // the label names the control alone (not wrapped around it, so neither the control's value nor
  // an error message becomes part of its accessible name)
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input,
    h('small', { class: 'error', 'data-error-for': name, role: 'alert', id: input.id + '-error' }));
}

/** Shows a 400's field errors beside their fields; anything else at the form's foot. */
export function showErrors(form, error) {
  form.querySelectorAll('[data-error-for]').forEach((s) => { s.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (general) general.textContent = '';
  if (!error) return;
  let placed = false;
  for (const [name, message] of Object.entries(error.fields || {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot) {
      slot.textContent = message;
      const input = form.elements.namedItem(name);
      if (input && input.setAttribute) input.setAttribute('aria-invalid', 'true');
      placed = true;
    }
  }
  if (!placed && general) general.textContent = error.message;
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
}

/** "Newer / Older" paging over an API that answers has_more and last_id (newest first). */
export function pager(load, render, { pageSize = 50 } = {}) {
  const box = h('div');
  const stack = []; // the 'after' of each page shown before this one
  let after = null;
  async function show() {
    const page = await load(after, pageSize);
    const older = h('button', { type: 'button', class: 'secondary', disabled: !page.has_more,
      onclick: () => { stack.push(after); after = page.last_id; show(); } }, 'Older');
    const newer = h('button', { type: 'button', class: 'secondary', disabled: !stack.length,
      onclick: () => { after = stack.pop(); show(); } }, 'Newer');
    clear(box, render(page.data), h('div', { class: 'pager' }, newer, older));
  }
  return { element: box, reload: show, first: () => { stack.length = 0; after = null; return show(); } };
}

/** Runs fn at most once per wait, after the last call (live events come in bursts). */
export function debounce(fn, wait = 300) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), wait); };
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}
