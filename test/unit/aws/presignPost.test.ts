import * as assert from 'node:assert/strict';
import { presignPost } from '../../../src/aws/presignPost';
import type { AwsProfile } from '../../../src/aws/profileModel';
import { S3Access } from '../../../src/aws/s3';
import { postPolicyRequest, verifyPostSignature, type PostPolicyRequest } from '../../../src/engine';
import { LONG_TERM, SIGNING_DATE, TEMPORARY } from '../engine/fixtures';

const BUCKET = 'presign-lens-forms';

function request(key = 'uploads/${filename}'): PostPolicyRequest {
  const r = postPolicyRequest({
    bucket: BUCKET,
    key,
    contentType: { rule: 'starts-with', value: 'image/' },
    maxSize: 1000,
  });
  assert.ok(r.ok);
  return r.value;
}

function access(
  profile: AwsProfile,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date },
): S3Access {
  const a = new S3Access(profile, async () => credentials);
  a.setBucketRegion(BUCKET, profile.region!);
  return a;
}

describe('presignPost', () => {
  it('signs a virtual-hosted form in the bucket’s region, as of the signing date, that verifies with the secret', async () => {
    const a = access({ name: 'a', kind: 'static', region: 'eu-central-1', pathStyle: false }, LONG_TERM);
    const post = await presignPost(a, request(), { expiresIn: 600, signingDate: SIGNING_DATE });
    a.dispose();
    assert.equal(post.url, `https://${BUCKET}.s3.eu-central-1.amazonaws.com/`);
    assert.equal(post.region, 'eu-central-1');
    assert.equal(post.fields['X-Amz-Date'], '20260314T150926Z');
    assert.equal(post.fields['X-Amz-Credential'], `${LONG_TERM.accessKeyId}/20260314/eu-central-1/s3/aws4_request`);
    assert.deepEqual(post.signedAt, SIGNING_DATE);
    assert.deepEqual(post.expiresAt, new Date(SIGNING_DATE.getTime() + 600_000));
    assert.equal(post.form.policy?.expiration?.toISOString(), '2026-03-14T15:19:26.000Z');
    assert.equal(post.credentialsExpiration, undefined);
    assert.equal(post.fields['X-Amz-Security-Token'], undefined);
    assert.ok(verifyPostSignature(post.form, { secretAccessKey: LONG_TERM.secretAccessKey }).valid);
  });

  it('posts path style to a custom endpoint, and keeps the session token and the credentials’ end', async () => {
    const expiration = new Date('2026-03-14T15:30:00Z');
    const a = access(
      { name: 'c', kind: 'static', region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9000', pathStyle: true },
      { ...TEMPORARY, expiration },
    );
    const post = await presignPost(a, request('k.png'), { expiresIn: 3600, signingDate: SIGNING_DATE });
    a.dispose();
    assert.equal(post.url, `http://127.0.0.1:9000/${BUCKET}`);
    assert.equal(post.fields['X-Amz-Security-Token'], TEMPORARY.sessionToken);
    assert.deepEqual(post.credentialsExpiration, expiration);
    assert.ok(post.form.policy?.conditions.some((c) => c.type === 'eq' && c.field === 'X-Amz-Security-Token'));
    assert.ok(verifyPostSignature(post.form, { secretAccessKey: TEMPORARY.secretAccessKey }).valid);
  });

  it('signs in whole seconds: a signing date late in its second keeps that second', async () => {
    const a = access({ name: 'a', kind: 'static', region: 'us-east-1', pathStyle: false }, LONG_TERM);
    const post = await presignPost(a, request(), { expiresIn: 60, signingDate: new Date('2026-03-14T15:09:26.999Z') });
    a.dispose();
    assert.equal(post.fields['X-Amz-Date'], '20260314T150926Z');
    assert.deepEqual(post.signedAt, SIGNING_DATE);
  });
});
