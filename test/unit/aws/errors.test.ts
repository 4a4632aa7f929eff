import * as assert from 'node:assert/strict';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { CredentialsProviderError } from '@smithy/property-provider';
import { describeFailure } from '../../../src/aws/errors';

/** An error as the SDK raises it for an S3 error response. */
const s3Error = (name: string, status: number): S3ServiceException =>
  new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });

const network = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('describeFailure', () => {
  const context = { profile: 'p', endpoint: 'http://127.0.0.1:1', bucket: 'b' };
  const cases: readonly (readonly [string, unknown, string, RegExp])[] = [
    ['access denied', s3Error('AccessDenied', 403), 'access-denied', /Access denied to b for profile p/],
    ['a bare 403', s3Error('Forbidden', 403), 'access-denied', /Access denied/],
    ['throttling', s3Error('SlowDown', 503), 'throttled', /SlowDown/],
    ['a deleted bucket', s3Error('NoSuchBucket', 404), 'not-found', /The bucket b no longer exists/],
    ['another region', s3Error('PermanentRedirect', 301), 'region', /another region/],
    [
      'an unknown key',
      s3Error('InvalidAccessKeyId', 403),
      'credentials',
      /access key of profile p is not known to http:\/\/127\.0\.0\.1:1/,
    ],
    ['a wrong secret', s3Error('SignatureDoesNotMatch', 403), 'credentials', /secret key of profile p does not match/],
    ['an expired token', s3Error('ExpiredToken', 400), 'credentials', /have expired/],
    [
      'a refused connection',
      network('ECONNREFUSED'),
      'offline',
      /Cannot reach http:\/\/127\.0\.0\.1:1: connection refused \(ECONNREFUSED\)/,
    ],
    [
      'an unknown host',
      Object.assign(new Error('getaddrinfo'), { cause: network('ENOTFOUND') }),
      'offline',
      /host not found/,
    ],
    [
      'a timeout',
      Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' }),
      'timeout',
      /No answer from/,
    ],
    ['a cancellation', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled', /Cancelled/],
    ['anything else', new Error('boom'), 'other', /^Error: boom$/],
  ];
  for (const [what, error, kind, message] of cases) {
    it(`names ${what}`, () => {
      const failure = describeFailure(error, context);
      assert.equal(failure.kind, kind);
      assert.match(failure.message, message);
    });
  }

  it('gives SSO and credential_process profiles the advice of their kind', () => {
    const err = new CredentialsProviderError('Token is expired', { tryNextLink: false });
    assert.match(describeFailure(err, { profile: 'corp', kind: 'sso' }).message, /run `aws sso login --profile corp`/);
    assert.equal(
      describeFailure(new CredentialsProviderError('spawn /bin/sh ENOENT'), {
        profile: 'x',
        kind: 'credential-process',
      }).message,
      'The credential_process of profile x failed: spawn /bin/sh ENOENT',
    );
  });

  it('never quotes a credential_process command line, as the SDK’s exec failures do', () => {
    // child_process.exec's message: the command line, then stderr; the SDK passes it on as it is.
    const err = new CredentialsProviderError(
      'Command failed: /opt/creds --token tok-SECRET-123\n/opt/creds: vault sealed (--token tok-SECRET-123)\n',
      { tryNextLink: false },
    );
    for (const kind of ['credential-process', 'assume-role'] as const) {
      const failure = describeFailure(err, { profile: 'x', kind });
      assert.equal(failure.kind, 'credentials');
      assert.equal(
        failure.message,
        'A credential_process behind profile x failed: /opt/creds: vault sealed (--token …)',
      );
    }
  });

  it('never passes a session token on into a message', () => {
    const leaking = new Error(
      'request to https://b.s3.amazonaws.com/k?X-Amz-Security-Token=FwoGZXIvYXdzEJr%2Fsecret failed',
    );
    assert.doesNotMatch(describeFailure(leaking, context).message, /FwoGZXIvYXdzEJr/);
  });
});
