// No two decoder tabs carry the same title for different URLs.
import * as assert from 'node:assert/strict';
import { parsePresignedUrl, type PresignedUrl } from '../../../src/engine';
import { panelTitles } from '../../../src/decoder/titles';

const url = (bucket: string, key: string, method: string, date = '20261130T100000Z', expires = 3600): PresignedUrl => {
  const parsed = parsePresignedUrl(
    `https://${bucket}.s3.us-east-1.amazonaws.com/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261130%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&x-id=${method}Object&X-Amz-Signature=${'a'.repeat(64)}`,
  );
  assert.ok(parsed.ok);
  return parsed.value;
};

describe('decoder tab titles', () => {
  it('name the object alone when no other open URL has its name', () => {
    assert.deepEqual(panelTitles([url('b', 'reports/q3.csv', 'Get'), url('b', 'README.txt', 'Get')]), [
      'Presigned URL: q3.csv',
      'Presigned URL: README.txt',
    ]);
  });

  it('tell the same key apart by method first, then bucket, then expiry, with as few details as that takes', () => {
    assert.deepEqual(panelTitles([url('b', 'a/README.txt', 'Get'), url('b', 'README.txt', 'Put')]), [
      'Presigned URL: README.txt (GET)',
      'Presigned URL: README.txt (PUT)',
    ]);
    assert.deepEqual(panelTitles([url('one', 'README.txt', 'Get'), url('two', 'README.txt', 'Get')]), [
      'Presigned URL: README.txt (one)',
      'Presigned URL: README.txt (two)',
    ]);
    assert.deepEqual(
      panelTitles([url('b', 'README.txt', 'Get'), url('b', 'README.txt', 'Get', '20261130T100000Z', 60)]),
      [
        'Presigned URL: README.txt (expires 2026-11-30T11:00:00Z)',
        'Presigned URL: README.txt (expires 2026-11-30T10:01:00Z)',
      ],
    );
    assert.deepEqual(
      panelTitles([url('one', 'README.txt', 'Get'), url('two', 'README.txt', 'Put'), url('one', 'README.txt', 'Put')]),
      [
        'Presigned URL: README.txt (GET, one)',
        'Presigned URL: README.txt (PUT, two)',
        'Presigned URL: README.txt (PUT, one)',
      ],
    );
  });

  it('number URLs alike in name, method, bucket and expiry', () => {
    const titles = panelTitles([url('b', 'k.txt', 'Get'), url('b', 'k.txt', 'Get'), url('c', 'k.txt', 'Get')]);
    assert.equal(new Set(titles).size, 3);
    assert.deepEqual(titles, ['Presigned URL: k.txt (b)', 'Presigned URL: k.txt (b) [2]', 'Presigned URL: k.txt (c)']);
  });
});
