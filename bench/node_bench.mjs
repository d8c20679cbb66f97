// The Node rows of `make bench`, printed as JSON lines. Needs SANDBOX_URL and the addon built
// in release (scripts/bench.sh does both).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.join(here, '..', 'bindings-node');
const require = createRequire(import.meta.url);
const URL_ = process.env.SANDBOX_URL;
const SECRET = 'sandbox_client_secret';
const CALLS = 2000;

const control = async (route, body, method = 'POST') => {
  const response = await fetch(`${URL_}/_sandbox${route}`, { method, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
};
const log = async (clientId) => (await control('/requests', null, 'GET')).requests.filter((r) => r.client_id === clientId);
const fresh = async (clientId, rateLimit) => {
  await control('/reset');
  await control('/config', { client_id: clientId, rate_limit: rateLimit });
};
const emit = (row) => console.log(JSON.stringify({ lang: 'node', ...row }));

async function timed(call) {
  for (let i = 0; i < 100; i++) await call();
  const samples = [];
  for (let i = 0; i < CALLS; i++) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { median_us: samples[Math.floor(samples.length / 2)], p99_us: samples[Math.floor(samples.length * 0.99)] };
}

const { Client } = require(packageDir);

async function latency() {
  await fresh('bench-latency', null);
  const client = new Client({ clientId: 'bench-latency', clientSecret: SECRET, baseUrl: URL_, rateLimit: null });
  const { id } = await client.customers.create({ name: 'Acme', email: 'a@acme.test' });
  emit({ bench: 'latency', client: 'SDK', ...(await timed(() => client.customers.get(id))) });
  const tokenResponse = await fetch(`${URL_}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`bench-latency:${SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = await tokenResponse.json();
  const headers = { authorization: `Bearer ${token}` };
  emit({ bench: 'latency', client: 'fetch (baseline)', ...(await timed(async () => (await fetch(`${URL_}/customers/${id}`, { headers })).json())) });
}

function rateFacts(entries, limit) {
  const times = entries.map((r) => r.at_ms).sort((a, b) => a - b);
  const span = (times[times.length - 1] - times[0]) / 1000;
  return { requests: times.length, rate: (times.length - 1) / span, share: Math.floor((times.length - 1) / limit) / span, '429s': entries.filter((r) => r.status === 429).length };
}

async function throughput() {
  for (const callers of [1, 32]) {
    const clientId = `bench-throughput-${callers}`;
    await fresh(clientId, 5);
    const client = new Client({ clientId, clientSecret: SECRET, baseUrl: URL_, rateLimit: 5 });
    let remaining = 60;
    await Promise.all(Array.from({ length: callers }, async () => {
      while (remaining > 0) {
        remaining--;
        await client.customers.listPage();
      }
    }));
    emit({ bench: 'throughput', callers, ...rateFacts(await log(clientId), 5) });
  }
}

async function tokens() {
  await fresh('bench-tokens', null);
  const client = new Client({ clientId: 'bench-tokens', clientSecret: SECRET, baseUrl: URL_, rateLimit: null });
  await Promise.all(Array.from({ length: 100 }, () => client.customers.listPage()));
  emit({ bench: 'tokens', token_requests: (await log('bench-tokens')).filter((r) => r.path === '/oauth/token').length });
}

async function pagination() {
  await fresh('bench-pages', null);
  await control('/seed', { customers: 20000 });
  const client = new Client({ clientId: 'bench-pages', clientSecret: SECRET, baseUrl: URL_, rateLimit: null });
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  let items = 0;
  const started = process.hrtime.bigint();
  for await (const _customer of client.customers.list({ limit: 100 })) {
    items++;
    if (items % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  emit({ bench: 'pagination', items, items_per_s: items / elapsed, memory_growth_mb: (peak - before) / 1e6 });
}

// The Node side of the per-call comparison (bench/per_call.py): gets of one customer; `ready`
// after 100 warm-up calls, then one batch of PER_CALL_BATCH calls per `run` line on stdin
// (answered `ok`) and one listing of every customer per `list` line (answered `ok <items/s>`);
// at `end`, the samples as a JSON line.
async function per_call() {
  const batch = Number(process.env.PER_CALL_BATCH ?? 20);
  const client = new Client({ clientId: 'bench-per-call', clientSecret: SECRET, baseUrl: URL_, rateLimit: null });
  const { id } = await client.customers.create({ name: 'Acme', email: 'a@acme.test' });
  const nodeHttp = await nodeHttpGet('bench-per-call', `/customers/${id}`);
  for (let i = 0; i < 100; i++) {
    await client.customers.get(id);
    await nodeHttp();
  }
  console.log('ready');
  const [samples, baseline] = [[], []];
  const time = async (call, into) => {
    const started = process.hrtime.bigint();
    await call();
    into.push(Number(process.hrtime.bigint() - started) / 1000);
  };
  const { createInterface } = await import('node:readline');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'list') {
      const started = process.hrtime.bigint();
      let items = 0;
      for await (const _customer of client.customers.list({ limit: 100 })) items++;
      console.log(`ok ${items / (Number(process.hrtime.bigint() - started) / 1e9)}`);
      continue;
    }
    if (line.trim() !== 'run') break;
    for (let i = 0; i < batch; i++) {
      await time(() => client.customers.get(id), samples);
      await time(nodeHttp, baseline);
    }
    console.log('ok');
  }
  console.log(JSON.stringify({ bench: 'per_call', face: 'node', samples_us: samples }));
  console.log(JSON.stringify({ bench: 'per_call', face: 'node http (baseline)', samples_us: baseline }));
}

// Node's own HTTP client (node:http, one kept-alive socket) getting `route` with a token
// fetched once: what a call costs in Node without the SDK.
async function nodeHttpGet(clientId, route) {
  const http = await import('node:http');
  const tokenResponse = await fetch(`${URL_}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = await tokenResponse.json();
  const url = new URL(route, URL_);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const options = { host: url.hostname, port: url.port, path: url.pathname, agent, headers: { authorization: `Bearer ${token}` } };
  return () => new Promise((resolve, reject) => {
    http.get(options, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

function startup() {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, ['-e', `const t = process.hrtime.bigint(); require(${JSON.stringify(packageDir)}); console.log(Number(process.hrtime.bigint() - t) / 1e6)`]);
    runs.push(Number(String(out).trim()));
  }
  runs.sort((a, b) => a - b);
  emit({ bench: 'startup', what: "require('alternative-payments')", ms: runs[2] });
}

const benches = { latency, throughput, tokens, pagination, startup, per_call };
const byDefault = ['latency', 'throughput', 'tokens', 'pagination', 'startup'];
for (const name of process.argv.slice(2).length ? process.argv.slice(2) : byDefault) {
  await benches[name]();
}
