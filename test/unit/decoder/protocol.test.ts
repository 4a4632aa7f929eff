import * as assert from 'node:assert/strict';
import { isToHost } from '../../../src/decoder/protocol';

describe('decoder protocol', () => {
  it('accepts every message the page sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'verify', profile: 'sandbox', method: 'PUT', headers: 'Content-Type: text/csv' },
      { type: 'explain', xml: '<Error/>' },
      { type: 'explain', xml: '<Error/>', profile: 'sandbox' },
      { type: 'try', method: 'HEAD' },
      { type: 'try', method: 'GET' },
      { type: 'copy', what: 'url' },
      { type: 'copy', what: 'curl' },
      { type: 'revealToken' },
      { type: 'represign' },
      { type: 'checkCors' },
      { type: 'openInExplorer' },
    ]) {
      assert.ok(isToHost(m), JSON.stringify(m));
    }
  });

  it('refuses anything else, a "try" that would change the object above all', () => {
    for (const m of [
      null,
      'ready',
      {},
      { type: 'eval', code: '1' },
      { type: 'try', method: 'DELETE' },
      { type: 'try', method: 'PUT' },
      { type: 'try' },
      { type: 'verify', profile: 'sandbox', method: 'GET' },
      { type: 'verify', profile: 1, method: 'GET', headers: '' },
      { type: 'explain' },
      { type: 'explain', xml: '<Error/>', profile: 2 },
      { type: 'copy', what: 'secret' },
    ]) {
      assert.equal(isToHost(m), false, JSON.stringify(m));
    }
  });
});
