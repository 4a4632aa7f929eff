import * as assert from 'node:assert/strict';
import { LeasePool } from '../../../src/session/pool';

/** A pool of numbered values that records which were disposed. */
function pool(): { pool: LeasePool<string>; disposed: string[] } {
  let n = 0;
  const disposed: string[] = [];
  return {
    pool: new LeasePool(
      (name) => `${name}#${++n}`,
      (value) => disposed.push(value),
    ),
    disposed,
  };
}

describe('LeasePool (one S3 access per profile, replaced without breaking work in flight)', () => {
  it('gives every holder of a name the same value until it is replaced', () => {
    const { pool: p } = pool();
    const a = p.acquire('prod');
    const b = p.acquire('prod');
    assert.equal(a.value, 'prod#1');
    assert.equal(b.value, 'prod#1');
    assert.equal(p.acquire('dev').value, 'dev#2');
  });

  it('disposes a replaced value at once when nothing holds it', () => {
    const { pool: p, disposed } = pool();
    p.acquire('prod').release();
    p.replace('prod');
    assert.deepEqual(disposed, ['prod#1']);
    assert.equal(p.acquire('prod').value, 'prod#2');
  });

  it('keeps a replaced value for the work that holds it, and disposes it when the last holder lets go', () => {
    const { pool: p, disposed } = pool();
    const inFlight = p.acquire('prod');
    const other = p.acquire('prod');
    p.replace('prod');
    assert.deepEqual(disposed, []);
    assert.equal(p.acquire('prod').value, 'prod#2', 'new work gets a new value');
    inFlight.release();
    inFlight.release();
    assert.deepEqual(disposed, [], 'a second release of the same lease counts once');
    other.release();
    assert.deepEqual(disposed, ['prod#1']);
  });

  it('holds the value for as long as `use` runs, even when replaced meanwhile', async () => {
    const { pool: p, disposed } = pool();
    let finish: () => void = () => undefined;
    const running = p.use('prod', async (value) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return value;
    });
    p.replaceAll();
    assert.deepEqual(disposed, []);
    finish();
    assert.equal(await running, 'prod#1');
    assert.deepEqual(disposed, ['prod#1']);
  });

  it('lets go of the value when the work fails', async () => {
    const { pool: p, disposed } = pool();
    await assert.rejects(
      p.use('prod', () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    p.replace('prod');
    assert.deepEqual(disposed, ['prod#1']);
  });
});
