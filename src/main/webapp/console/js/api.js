// The console's only way to the server: the same REST API a script uses, with the key from this
// tab's session storage as a bearer token. Paths are relative to the console's folder, so the
// console works under a reverse proxy's sub-path.
const STORE = 'slurmllm.key';
const listeners = new Set();

export const session = {
  key: () => sessionStorage.getItem(STORE),
  set: (key) => sessionStorage.setItem(STORE, key),
  clear: () => sessionStorage.removeItem(STORE),
  // told when the server no longer takes the key (revoked, expired): the app signs out
  onRefused: (fn) => listeners.add(fn),
};

/** An error answer, with the OpenAI error body's fields and the bad fields of a 400 by name. */
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.param = e.param || null;
    this.code = e.code || null;
    this.fields = fieldErrors(e.fields);
  }
}

// A 400's "fields": [{"param": "name", "message": "must match ..."}, ...] ->
// {name: "must match ..."}; a field named twice gets both messages.
export function fieldErrors(list) {
  const fields = {};
  for (const f of list || []) {
    if (f && f.param) fields[f.param] = (fields[f.param] ? fields[f.param] + '; ' : '') + f.message;
  }
  return fields;
}

function url(path) {
  return '../' + path.replace(/^\//, '');
}

function headers(extra = {}) {
  return { Authorization: 'Bearer ' + session.key(), ...extra };
}

async function check(response) {
  if (response.ok) return response;
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 401) listeners.forEach((fn) => fn());
  throw new ApiError(response.status, body);
}

/** A JSON request; the parsed answer (null for an empty one). */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }), signal };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await check(await fetch(url(path), init));
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** The answer as text (job logs). */
export async function apiText(path) {
  return (await check(await fetch(url(path), { headers: headers() }))).text();
}

/** Saves what the server answers as a file, without the key ever being in a URL. */
export async function download(path, filename) {
  const blob = await (await check(await fetch(url(path), { headers: headers() }))).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/**
 * Server-sent events read through fetch (EventSource cannot send an Authorization header, and the
 * key must not go in a URL). Calls onEvent({event, data}) for each event; resolves when the stream
 * ends. Abort with the signal.
 */
export async function events(path, onEvent, { method = 'GET', body, signal } = {}) {
  const init = {
    method, signal,
    headers: headers({ Accept: 'text/event-stream', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }),
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await check(await fetch(url(path), init));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = parseEvent(block);
      if (event) onEvent(event);
    }
  }
}

export function parseEvent(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}
