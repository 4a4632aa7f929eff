import * as assert from 'node:assert/strict';
import { loadSdk } from '../../../src/session/sdkLoader';

describe('loadSdk', () => {
  it('loads the SDK module beside it once and returns the same instance after', () => {
    const first = loadSdk();
    assert.equal(typeof first.S3Access, 'function');
    assert.equal(typeof first.presign, 'function');
    assert.equal(loadSdk(), first);
  });
});
