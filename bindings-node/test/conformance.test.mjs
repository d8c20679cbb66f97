// The shared conformance scenarios (tests/conformance) through the Node package's API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as ap from '../index.mjs';
import { Box, startSandbox } from './sandbox.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { scenarios } = JSON.parse(readFileSync(path.join(here, '..', '..', 'tests', 'conformance', 'scenarios.json'), 'utf8'));
const exercised = new Set();
let server;
before(async () => { server = await startSandbox(); });
after(() => server.stop());

const REFERENCE = /\$([a-z_]+)\.([a-z_]+)/g;
function substitute(value, saved) {
  if (typeof value === 'string') {
    const whole = /^\$([a-z_]+)\.([a-z_]+)$/.exec(value);
    if (whole) return saved[whole[1]][whole[2]];
    return value.replace(REFERENCE, (_, name, field) => String(saved[name][field]));
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, saved));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]));
  return value;
}

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

async function call(client, operation, args) {
  const [resource, method] = operation.split('.');
  const target = client[camel(resource)];
  const fn = target[camel(method)].bind(target);
  const { id, ...rest } = args;
  if (operation === 'webhooks.unsubscribe') return fn(rest.subscription_id);
  if (operation === 'payment_requests.wait') {
    return fn(id, { timeoutMs: rest.timeout_ms, pollIntervalMs: rest.poll_interval_ms });
  }
  const result = id === undefined ? fn(rest) : fn(id, rest);
  if (result && typeof result[Symbol.asyncIterator] === 'function') {
    const items = [];
    for await (const item of result) items.push(item);
    return items;
  }
  return result;
}

const itemsOf = (result) => (Array.isArray(result) ? result : result.data);

function check(step, result, error) {
  const expect = step.expect ?? {};
  const where = `${step.call} ${JSON.stringify(step.args)}`;
  if (expect.error) {
    assert.ok(error, `${where}: expected ${expect.error}, got ${JSON.stringify(result)}`);
    assert.equal(error.name, expect.error, `${where}: ${error}`);
    assert.ok(error instanceof ap.AlternativePaymentsError);
    if (expect.status !== undefined) assert.equal(error.status, expect.status, where);
    return;
  }
  if (error) throw error;
  for (const [key, wanted] of Object.entries(expect.fields ?? {})) assert.deepEqual(result[key], wanted, `${where}: ${key}`);
  if (expect.length !== undefined) assert.equal(itemsOf(result).length, expect.length, where);
  for (const [key, wanted] of Object.entries(expect.first ?? {})) assert.deepEqual(itemsOf(result)[0][key], wanted, `${where}: first ${key}`);
  if (expect.null) assert.equal(result, null, where);
  if (expect.startswith) assert.ok(result.startsWith(expect.startswith), `${where}: ${result}`);
}

for (const scenario of scenarios) {
  test(scenario.name, async () => {
    const box = await new Box(server.url).reset();
    const client = new ap.Client(box.options());
    const saved = {};
    for (const step of scenario.steps) {
      let result;
      if (step.control) {
        result = await box.control(step.control, substitute(step.path, saved));
      } else if (step.fault) {
        await box.fault(step.fault);
        continue;
      } else if (step.log) {
        assert.equal(await box.count(step.log.method, step.log.path), step.log.count, `${scenario.name}: ${JSON.stringify(step.log)}`);
        continue;
      } else {
        exercised.add(step.call);
        let error = null;
        try {
          result = await call(client, step.call, substitute(step.args ?? {}, saved));
        } catch (caught) {
          if (!(caught instanceof ap.AlternativePaymentsError)) throw caught;
          error = caught;
        }
        check({ ...step, expect: substitute(step.expect ?? {}, saved) }, result, error);
      }
      if (step.save) saved[step.save] = result;
    }
  });
}

test('every operation was exercised', () => {
  assert.deepEqual([...exercised].sort(), [...ap.OPERATIONS].sort());
});
