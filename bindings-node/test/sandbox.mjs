// A sandbox server for the test run, and a fresh client id per test.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SECRET = 'sandbox_client_secret';
let counter = 0;

export async function startSandbox() {
  const binary = process.env.AP_SANDBOX_BIN || path.join(root, 'target', 'debug', 'ap-sandbox');
  const child = spawn(binary, ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = await once(lines, 'line');
  if (!line.startsWith('listening on ')) throw new Error(`unexpected sandbox output: ${line}`);
  const url = line.slice('listening on '.length);
  return { url, stop: () => child.kill() };
}

export class Box {
  constructor(url) {
    this.url = url;
    this.clientId = `node-test-${process.pid}-${counter++}`;
  }
  async control(method, route, body) {
    const response = await fetch(`${this.url}/_sandbox${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    if (!response.ok) throw new Error(`control ${route}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
  async reset() {
    await this.control('POST', '/reset');
    await this.control('POST', '/config', { rate_limit: null, token_ttl_secs: 3600, client_id: this.clientId });
    return this;
  }
  /** This test's requests only (a slow request of an earlier test may land later). */
  async log() {
    const { requests } = await this.control('GET', '/requests');
    return requests.filter((r) => r.client_id === this.clientId || r.client_id === null);
  }
  async count(method, route) {
    return (await this.log()).filter((r) => r.method === method && r.path === route).length;
  }
  async fault(fault) {
    await this.control('POST', '/faults', fault);
  }
  options(extra = {}) {
    return { clientId: this.clientId, clientSecret: SECRET, baseUrl: this.url, rateLimit: null, timeoutMs: 5000, ...extra };
  }
}
