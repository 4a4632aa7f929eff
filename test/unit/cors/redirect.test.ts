// Redirects that break a preflight, from the URL's endpoint and the bucket's Region.
import * as assert from 'node:assert/strict';
import { parsePresignedUrl } from '../../../src/engine';
import { preflightRedirects } from '../../../src/engine/cors';
import { presign } from './presign';

const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

async function urlFor(region: string, endpoint?: string, forcePathStyle = false) {
  const parsed = parsePresignedUrl(
    await presign(
      { operation: 'PutObject' },
      { region, credentials: CREDENTIALS, forcePathStyle, ...(endpoint ? { endpoint } : {}) },
    ),
  );
  assert.ok(parsed.ok);
  return parsed.value;
}

const codes = (findings: { code: string; severity: string }[]): string[] =>
  findings.map((f) => `${f.severity} ${f.code}`);

describe('preflightRedirects', () => {
  it('flags the global endpoint for a bucket outside us-east-1 (boto3 #421): 307 or 400 while DNS catches up', async () => {
    const url = await urlFor('eu-central-1', 'https://s3.amazonaws.com');
    assert.equal(url.host.endpoint, 'global');
    assert.deepEqual(codes(preflightRedirects(url, 'eu-central-1')), ['warning GLOBAL_ENDPOINT_REDIRECT']);
  });

  it('calls path style on the global endpoint for another Region a certain failure (301)', async () => {
    const url = await urlFor('us-west-2', 'https://s3.amazonaws.com', true);
    const [finding] = preflightRedirects(url, 'us-west-2');
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /301 PermanentRedirect/);
    assert.match(finding?.fix ?? '', /https:\/\/presign-lens-cors\.s3\.us-west-2\.amazonaws\.com/);
  });

  it('takes the Region the URL was signed for when the bucket’s is not given, and says so', async () => {
    const [finding] = preflightRedirects(await urlFor('eu-west-3', 'https://s3.amazonaws.com'));
    assert.match(finding?.message ?? '', /eu-west-3 \(the Region the URL is signed for/);
  });

  it('says nothing for the global endpoint and a bucket in us-east-1', async () => {
    assert.deepEqual(preflightRedirects(await urlFor('us-east-1'), 'us-east-1'), []);
  });

  it('flags a regional endpoint of another Region (uppy #713): 301', async () => {
    const url = await urlFor('us-east-2', undefined, true);
    assert.deepEqual(codes(preflightRedirects(url, 'us-west-1')), ['error REGION_REDIRECT']);
    assert.deepEqual(preflightRedirects(url, 'us-east-2'), []);
  });

  it('says nothing for servers other than AWS', async () => {
    assert.deepEqual(preflightRedirects(await urlFor('us-east-1', 'http://127.0.0.1:9000', true), 'eu-west-1'), []);
  });
});
