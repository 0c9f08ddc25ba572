// One live stream per signed-in console (GET /api/events): the server sends what changed (models,
// replicas, batches, tribunals) as far as the key may see it; pages subscribe to the kinds they
// show. The stream reconnects after a drop; on every (re)connect 'hello' arrives, so pages reload
// what they may have missed.
import { events } from './api.js';

const handlers = new Map(); // kind -> Set of functions
let controller = null;
let stopped = true;

export function on(kind, fn) {
  if (!handlers.has(kind)) handlers.set(kind, new Set());
  handlers.get(kind).add(fn);
  return () => handlers.get(kind).delete(fn);
}

function dispatch(kind, data) {
  (handlers.get(kind) || []).forEach((fn) => {
    try { fn(data); } catch (e) { console.error(e); }
  });
}

export function start() {
  stopped = false;
  connect(1000);
}

export function stop() {
  stopped = true;
  if (controller) controller.abort();
  controller = null;
}

async function connect(wait) {
  if (stopped) return;
  controller = new AbortController();
  let opened = false;
  try {
    await events('api/events', (e) => {
      opened = true;
      dispatch(e.event, e.data === '{}' ? {} : JSON.parse(e.data));
    }, { signal: controller.signal });
  } catch (e) {
    if (e.name === 'AbortError' || e.status === 401 || e.status === 403) return;
  }
  if (!stopped) setTimeout(() => connect(opened ? 1000 : Math.min(wait * 2, 30000)), opened ? 1000 : wait);
}
