// Fills the database through the API (once), then times every console page in Chromium.
// Called by bin/bench/console-load, which documents it.
import { chromium } from 'playwright-core';

const base = process.env.BASE, key = process.env.KEY, runs = Number(process.env.RUNS || 5);
const MODEL = 'bench-console', TENANT = 'bench-console';
const USAGE = 10000, AUDIT = 1000;
const auth = { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' };
const call = async (method, path, body) => {
  const r = await fetch(base + path, { method, headers: auth, body: body && JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
};
const parallel = async (n, width, task) => {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < n) await task(next++); }));
};

async function seed() {
  if ((await call('GET', '/api/models/' + MODEL)).status === 404) {
    await call('POST', '/api/models', { name: MODEL, engine: 'sim', engineArgs: ['--profile', 'instant'],
      resources: { gpus: 0, cpus: 1, memoryGb: 1, timeLimitMinutes: 600 },
      scaling: { minReplicas: 1, maxReplicas: 1, targetConcurrency: 256, idleMinutes: 600 } });
  }
  const have = (await call('GET', '/api/usage?limit=1')).json.totals.requests;
  if (have < USAGE) {
    for (let i = 0; i < 180; i++) {
      const r = await call('GET', `/api/models/${MODEL}/replicas`);
      if (r.json.data.some((x) => x.state === 'READY')) break;
      await new Promise((ok) => setTimeout(ok, 1000));
    }
    const started = Date.now();
    await parallel(USAGE - have, 32, () => call('POST', '/v1/chat/completions',
      { model: MODEL, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8 }));
    console.log(`made ${USAGE - have} usage records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if ((await call('GET', '/api/tenants/' + TENANT)).status === 404) {
    await call('POST', '/api/tenants', { name: TENANT, contentPolicy: 'none' });
  }
  const audit = (await call('GET', `/api/audit?targetType=tenant&targetId=${TENANT}&limit=1000`)).json.data.length;
  if (audit < AUDIT) {
    await parallel(AUDIT - audit, 4, (i) => call('PATCH', '/api/tenants/' + TENANT, { contentPolicy: i % 2 ? 'none' : 'metadata' }));
    console.log(`made ${AUDIT - audit} audit entries`);
  }
}

const PAGES = ['overview', 'models', `models/${MODEL}`, 'batches', 'tribunals', 'keys', 'usage', 'audit', 'playground'];

async function measure() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  const rows = [];
  try {
    for (const page of PAGES) {
      const times = [];
      for (let i = 0; i < runs; i++) {
        // a fresh tab that is already signed in: the load of the page itself is measured
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.addInitScript((k) => sessionStorage.setItem('slurmllm.key', k), key);
        const tab = await context.newPage();
        await tab.goto(`${base}/console/#/${page}`);
        await tab.waitForSelector(`#page[data-ready="${page}"]`, { state: 'attached', timeout: 30000 });
        times.push(await tab.evaluate(() => performance.now()));
        await context.close();
      }
      times.sort((a, b) => a - b);
      rows.push([page, times[Math.floor(times.length / 2)], times[times.length - 1]]);
    }
  } finally {
    await browser.close();
  }
  return rows;
}

await seed();
const usage = (await call('GET', '/api/usage?limit=1')).json.totals.requests;
console.log(`database: ${usage} usage records; pages loaded ${runs} times each in a fresh tab (ms from navigation start until drawn)`);
console.log('page'.padEnd(28) + 'median'.padStart(8) + 'max'.padStart(8));
for (const [page, median, max] of await measure()) {
  console.log(page.padEnd(28) + median.toFixed(0).padStart(8) + max.toFixed(0).padStart(8));
}
