import * as assert from 'node:assert/strict';
import { couldShow } from '../../../src/presign/typedMatch';
import { assertAtMostLinear } from '../complexity';

describe('couldShow (what Enter may take after typing)', () => {
  it('keeps an item the typed text shows, in order, case and spaces aside', () => {
    assert.ok(couldShow({ label: 'presign-lens-demo' }, 'presign-lens-demo'));
    assert.ok(couldShow({ label: '6 h', description: '21600 s, as typed' }, '6h'));
    assert.ok(couldShow({ label: '$(folder) reports/', description: 'open' }, 'REP'));
    assert.ok(couldShow({ label: 'anything' }, ''));
  });

  it('refuses an item the typed text filters out, so that the typed value is taken instead', () => {
    assert.ok(!couldShow({ label: 'denied-bucket' }, 'presign-lens-demo'), 'no "p" in it');
    assert.ok(!couldShow({ label: '15 minutes', description: '900 s' }, '6h'));
    assert.ok(!couldShow({ label: '$(folder) x' }, 'folder'), 'an icon is not text');
  });

  it('reads in linear time', () => {
    assertAtMostLinear(
      'couldShow',
      (n) => ({ item: { label: 'ab'.repeat(n) }, value: 'a'.repeat(n) + 'c' }),
      ({ item, value }) => couldShow(item, value),
      50_000,
      20,
    );
  });
});
