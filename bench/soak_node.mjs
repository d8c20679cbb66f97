// Soak: 20,000 calls through the Node binding (rate limit off). Prints memory and open sockets
// every 2,000 calls as JSON lines; flat figures mean no leak.
import { readdirSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Client } = require('../bindings-node');
const calls = Number(process.argv[2] ?? 20000);

const sockets = () => readdirSync('/proc/self/fd').filter((fd) => {
  try { return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:'); } catch { return false; }
}).length;

const client = new Client({ clientId: 'soak-node', clientSecret: 'sandbox_client_secret', baseUrl: process.env.SANDBOX_URL, rateLimit: null });
const customer = await client.customers.create({ name: 'Soak', email: 'soak@x.test' });
for (let n = 1; n <= calls; n++) {
  if (n % 3 === 0) await client.customers.listPage({ limit: 5 });
  else await client.customers.get(customer.id);
  if (n % 2000 === 0) {
    global.gc?.();
    console.log(JSON.stringify({ lang: 'node', calls: n, rss_mb: Math.round(process.memoryUsage().rss / 1e5) / 10, sockets: sockets() }));
  }
}
