// A problem's code link opens the section of docs/findings.md that explains it, rendered.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/lib/paths';
import { findingSection, headingAnchor } from '../../../src/inline/findingAnchor';

describe('finding anchors', () => {
  it('name a heading as the Markdown preview does', () => {
    assert.equal(headingAnchor('EXPIRED'), 'expired');
    assert.equal(headingAnchor('LIVE_URL'), 'live_url');
    assert.equal(headingAnchor('SIGV2 / SIGV4A'), 'sigv2--sigv4a');
    assert.equal(headingAnchor('Why a request fails: explanation codes'), 'why-a-request-fails-explanation-codes');
  });

  it('find the section of every code the Problems panel shows, in the shipped docs', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'findings.md'), 'utf8');
    const codes = readFileSync(join(ROOT, 'src', 'engine', 'diagnose.ts'), 'utf8').match(/code: '([A-Z_0-9]+)'/g);
    assert.ok(codes && codes.length > 10);
    for (const code of new Set([...codes.map((c) => c.slice(7, -1)), 'LIVE_URL', 'MALFORMED_PARAMETER']))
      assert.ok(findingSection(docs, code), `${code} has a section`);
    assert.deepEqual(findingSection(docs, 'SIGV4A')?.anchor, 'sigv2--sigv4a');
    assert.deepEqual(findingSection(docs, 'PLUS_IN_PATH')?.anchor, 'double_encoded_key--plus_in_path--dot_segments');
    assert.equal(findingSection(docs, 'NOT_A_CODE'), undefined);
  });
});
