// The console's shell: sign-in, the pages a key's role may use, and a router over the URL's hash
// (#/models/NAME), so every page has an address and the back button works.
import { api, session, ApiError } from './api.js';
import { h, clear, errorBox } from './dom.js';
import * as live from './live.js';
import overview from './pages/overview.js';
import models from './pages/models.js';
import batches from './pages/batches.js';
import tribunals from './pages/tribunals.js';
import keys from './pages/keys.js';
import usage from './pages/usage.js';
import audit from './pages/audit.js';
import playground from './pages/playground.js';

// roles: who may open the page; a page hides the controls a role may not use (ctx.admin)
const PAGES = [
  { path: 'overview', title: 'Overview', roles: ['admin', 'auditor'], page: overview },
  // a user reads what it may call (the server sends it no model's internals)
  { path: 'models', title: 'Models', roles: ['admin', 'auditor', 'user'], page: models },
  { path: 'batches', title: 'Batches', roles: ['admin', 'auditor', 'user'], page: batches },
  { path: 'tribunals', title: 'Tribunals', roles: ['admin', 'auditor', 'user'], page: tribunals },
  { path: 'keys', title: 'Keys and tenants', roles: ['admin', 'auditor'], page: keys },
  { path: 'usage', title: 'Usage', roles: ['admin', 'auditor'], page: usage },
  { path: 'audit', title: 'Audit log', roles: ['admin', 'auditor'], page: audit },
  { path: 'playground', title: 'Playground', roles: ['admin', 'user'], page: playground },
];

const $ = (id) => document.getElementById(id);
let me = null;
let leave = []; // what the current page undoes when another one opens

function allowed() {
  return PAGES.filter((p) => me && p.roles.includes(me.role));
}

async function signIn(key) {
  session.set(key);
  try {
    me = await api('api/me');
  } catch (e) {
    session.clear();
    me = null;
    throw e;
  }
  showShell();
}

function signOut() {
  live.stop();
  session.clear();
  me = null;
  leaveCurrent();
  clear($('page'));
  $('nav').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  $('key').value = '';
  $('key').focus();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}

function showShell() {
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('who-text').textContent = `${me.name} · ${me.role}${me.tenant ? ' · tenant ' + me.tenant : ''}`;
  clear($('nav'), allowed().map((p) => h('li', {}, h('a', { href: '#/' + p.path, 'data-page': p.path }, p.title))));
  live.start();
  route();
}

function leaveCurrent() {
  leave.forEach((fn) => { try { fn(); } catch (e) { /* gone anyway */ } });
  leave = [];
}

let routes = 0;

async function route() {
  if (!me) return;
  const turn = ++routes;
  const address = location.hash.replace(/^#\/?/, '');
  const [path, ...rest] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const pages = allowed();
  const page = pages.find((p) => p.path === path);
  if (!page) {
    location.replace('#/' + pages[0].path);
    return;
  }
  leaveCurrent();
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.dataset.page === page.path) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.title = page.title + ' · slurm-llm';
  const root = clear($('page'));
  // set once the page has drawn what it loaded (tests and the page-load benchmark wait for it)
  delete root.dataset.ready;
  const ctx = {
    me,
    admin: me.role === 'admin',
    // what the role may change: admins everything, users their tenant's batches and tribunals
    writes: me.role !== 'auditor',
    live: (kind, fn) => leave.push(live.on(kind, fn)),
    onLeave: (fn) => leave.push(fn),
    params: rest.filter((p) => p !== ''),
  };
  try {
    await page.page(root, ctx);
  } catch (e) {
    root.append(errorBox(e));
  }
  if (turn === routes) root.dataset.ready = address;
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('key').value.trim();
  $('key-error').textContent = '';
  $('key').removeAttribute('aria-invalid');
  try {
    await signIn(key);
  } catch (e) {
    $('key').setAttribute('aria-invalid', 'true');
    $('key-error').textContent = e instanceof ApiError && e.status === 401
      ? 'The server does not know this key (or it is revoked or expired).'
      : e.message;
  }
});
$('sign-out').addEventListener('click', signOut);
session.onRefused(() => { if (me) signOut(); });
window.addEventListener('hashchange', route);

(async () => {
  if (session.key()) {
    try { await signIn(session.key()); return; } catch (e) { /* show the form */ }
  }
  signOut();
})();
