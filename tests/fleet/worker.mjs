// One Node process of a fleet sharing one API key (see test_fleet.py): `worker.mjs get 8` makes
// 8 concurrent GETs, `worker.mjs create 4 <prefix>` creates 4 customers. Settings come from the
// ALTERNATIVE_PAYMENTS_* variables. Prints {"ok": n, "errors": [...]}.
import { Client } from '../../bindings-node/index.mjs';

const [mode = 'get', count = '8', prefix = `node${process.pid}`] = process.argv.slice(2);
const client = new Client({ maxRetries: Number(process.env.FLEET_MAX_RETRIES ?? 2) });
const results = await Promise.allSettled(Array.from({ length: Number(count) }, (_, n) => (mode === 'create'
  ? client.customers.create({ name: `${prefix}-${n}`, email: `${prefix}-${n}@fleet.test` })
  : client.customers.listPage())));
const errors = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
console.log(JSON.stringify({ ok: results.length - errors.length, errors }));
