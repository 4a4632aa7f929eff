import * as assert from 'node:assert/strict';
import { diagnose, validityWords, verdict } from '../../../src/engine';
import { parseOk as parse } from './fixtures';

const URL_1H =
  'https://presign-lens-fixtures.s3.eu-west-1.amazonaws.com/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&x-id=GetObject&X-Amz-Signature=' +
  'c'.repeat(64);

describe('verdict', () => {
  const at = (iso: string): Date => new Date(iso);
  const of = (url: string, now: Date): string => verdict(parse(url), diagnose(parse(url), { now }), now);

  it('leads with how long the URL lasts, then what it is for', () => {
    assert.equal(of(URL_1H, at('2026-03-14T15:39:26Z')), 'Valid for 30 min — GET (download)');
  });

  it('says an expired URL expired, and how long ago (not "valid for")', () => {
    assert.equal(of(URL_1H, at('2026-03-16T17:09:26Z')), 'Expired 2 days 1 h ago — GET (download)');
  });

  it('puts an error finding first', () => {
    assert.match(
      of(URL_1H.replace('https://', 'https://evil.example\\@'), at('2026-03-14T15:39:26Z')),
      /^This URL looks as if/,
    );
  });

  it('words validity the same way for every surface', () => {
    assert.equal(validityWords(at('2026-03-14T16:00:00Z'), at('2026-03-14T15:00:00Z')), 'Valid for 1 h');
    assert.equal(validityWords(at('2026-03-14T15:00:00Z'), at('2026-03-14T16:00:05Z')), 'Expired 1 h ago');
    assert.equal(validityWords(undefined, at('2026-03-14T16:00:00Z')), 'No expiry could be read');
  });
});
