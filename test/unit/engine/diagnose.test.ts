import * as assert from 'node:assert/strict';
import { diagnose, type DiagnoseOptions, type Finding, type FindingCode } from '../../../src/engine';
import { fixtures, parseOk as parse, SIGNING_DATE } from './fixtures';

const at = (iso: string): Date => new Date(iso);
const codes = (findings: readonly Finding[]): FindingCode[] => findings.map((f) => f.code);

/** A long-term GET URL signed at SIGNING_DATE for an hour, with nothing else to say about it. */
const CLEAN =
  'https://presign-lens-fixtures.s3.eu-west-1.amazonaws.com/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&x-id=GetObject&X-Amz-Signature=' +
  'c'.repeat(64);
const IN_AN_HOUR: DiagnoseOptions = { now: at('2026-03-14T15:39:26Z') };

function only(url: string, code: FindingCode, options: DiagnoseOptions = IN_AN_HOUR): Finding {
  const findings = diagnose(parse(url), options);
  const match = findings.filter((f) => f.code === code);
  assert.equal(match.length, 1, `${code} in ${JSON.stringify(codes(findings))}`);
  return match[0]!;
}

describe('diagnose', () => {
  it('finds nothing wrong with a fresh long-term GET URL', () => {
    assert.deepEqual(diagnose(parse(CLEAN), IN_AN_HOUR), []);
  });

  it('gives every finding a code, a severity, a message and a fix', async () => {
    for (const f of await fixtures()) {
      for (const finding of diagnose(parse(f.url), { now: at('2027-01-01T00:00:00Z') })) {
        assert.ok(['error', 'warning', 'info'].includes(finding.severity));
        assert.ok(finding.message.length > 10 && finding.fix.length > 10, JSON.stringify(finding));
      }
    }
  });

  it('EXPIRED once now passes X-Amz-Date + X-Amz-Expires, saying how long ago', () => {
    const f = only(CLEAN, 'EXPIRED', { now: at('2026-03-16T17:09:26Z') });
    assert.equal(f.severity, 'warning', 'a stale URL, the same on every surface');
    assert.match(f.message, /Expired 2 days 1 h ago \(at 2026-03-14T16:09:26Z\)/);
    assert.ok(!codes(diagnose(parse(CLEAN), { now: at('2026-03-14T16:09:25Z') })).includes('EXPIRED'));
  });

  it('LIVE_URL as information while more than an hour of validity is left', () => {
    const day = CLEAN.replace('X-Amz-Expires=3600', 'X-Amz-Expires=86400');
    const f = only(day, 'LIVE_URL', { now: at('2026-03-14T16:00:00Z') });
    assert.equal(f.severity, 'info');
    assert.match(f.message, /grants access to anyone who has it until 2026-03-15T15:09:26Z/);
    assert.ok(!codes(diagnose(parse(day), { now: at('2026-03-15T14:10:00Z') })).includes('LIVE_URL'), 'under an hour');
    assert.ok(!codes(diagnose(parse(CLEAN), IN_AN_HOUR)).includes('LIVE_URL'));
  });

  it('HOST_CONFUSION when the address is written to look like S3 but goes elsewhere', () => {
    const confused = CLEAN.replace('https://', 'https://attacker.example\\@');
    const f = only(confused, 'HOST_CONFUSION');
    assert.equal(f.severity, 'error');
    assert.match(
      f.message,
      /looks as if it goes to presign-lens-fixtures\.s3\.eu-west-1\.amazonaws\.com, but browsers, fetch and curl send it to attacker\.example/,
    );
    assert.match(
      only(CLEAN.replace('https://', 'https://user:pw@'), 'HOST_CONFUSION').message,
      /a user name before "@"/,
    );
  });

  it('DUPLICATE_PARAMETER when an authentication parameter appears twice', () => {
    const f = only(`${CLEAN}&X-Amz-Expires=604800`, 'DUPLICATE_PARAMETER');
    assert.equal(f.param, 'X-Amz-Expires');
    assert.equal(f.severity, 'error');
  });

  it('NOT_YET_VALID when X-Amz-Date is ahead of the clock', () => {
    const f = only(CLEAN, 'NOT_YET_VALID', { now: at('2026-03-14T14:00:00Z') });
    assert.match(f.message, /1 h 9 min in the future/);
    assert.ok(
      !codes(diagnose(parse(CLEAN), { now: at('2026-03-14T15:09:00Z') })).includes('NOT_YET_VALID'),
      'within the skew tolerance',
    );
  });

  it('EXPIRES_TOO_LONG above 604800 s', () => {
    const f = only(CLEAN.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801'), 'EXPIRES_TOO_LONG');
    assert.equal(f.param, 'X-Amz-Expires');
    assert.ok(
      !codes(diagnose(parse(CLEAN.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604800')), IN_AN_HOUR)).includes(
        'EXPIRES_TOO_LONG',
      ),
    );
  });

  it('TEMPORARY_CREDENTIALS for an ASIA key or a session token', async () => {
    only(CLEAN.replace('AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A'), 'TEMPORARY_CREDENTIALS');
    only(`${CLEAN}&X-Amz-Security-Token=abc`, 'TEMPORARY_CREDENTIALS');
    const temporary = (await fixtures()).filter((f) => f.temporary);
    assert.ok(
      temporary.every((f) => codes(diagnose(parse(f.url), { now: SIGNING_DATE })).includes('TEMPORARY_CREDENTIALS')),
    );
  });

  it('CREDENTIALS_EXPIRE_FIRST when the credentials end before the URL, an error once they have', () => {
    const url = CLEAN.replace('AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A');
    const warning = only(url, 'CREDENTIALS_EXPIRE_FIRST', {
      now: at('2026-03-14T15:10:00Z'),
      credentialsExpiration: at('2026-03-14T15:40:00Z'),
    });
    assert.equal(warning.severity, 'warning');
    assert.match(
      warning.message,
      /expire at 2026-03-14T15:40:00Z \(in 30 min\), before the URL’s own expiry \(2026-03-14T16:09:26Z\)/,
    );
    const error = only(url, 'CREDENTIALS_EXPIRE_FIRST', {
      now: at('2026-03-14T15:50:00Z'),
      credentialsExpiration: at('2026-03-14T15:40:00Z'),
    });
    assert.equal(error.severity, 'error');
    assert.ok(
      !codes(
        diagnose(parse(url), { now: at('2026-03-14T15:10:00Z'), credentialsExpiration: at('2026-03-14T17:00:00Z') }),
      ).includes('CREDENTIALS_EXPIRE_FIRST'),
    );
  });

  it('SIGV2, an error in a region that never accepted it', () => {
    const v2 =
      'https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620';
    assert.equal(only(v2, 'SIGV2').severity, 'warning');
    assert.equal(
      only(v2.replace('johnsmith.s3.amazonaws.com', 'johnsmith.s3.eu-central-1.amazonaws.com'), 'SIGV2').severity,
      'error',
    );
  });

  it('REGION_MISMATCH when the host region is not the credential scope region', () => {
    const f = only(CLEAN.replace('eu-west-1.amazonaws.com', 'us-west-2.amazonaws.com'), 'REGION_MISMATCH');
    assert.match(f.message, /region eu-west-1 but the host is in us-west-2/);
    // The global virtual-hosted endpoint routes to the bucket's own region: nothing to say.
    assert.ok(
      !codes(diagnose(parse(CLEAN.replace('.s3.eu-west-1.amazonaws.com', '.s3.amazonaws.com')), IN_AN_HOUR)).includes(
        'REGION_MISMATCH',
      ),
    );
  });

  it('SIGNED_HEADERS names the headers besides host the client must send', async () => {
    const put = (await fixtures()).find((f) => f.headers['content-type'])!;
    const f = only(put.url, 'SIGNED_HEADERS', { now: SIGNING_DATE });
    assert.match(f.message, /content-type/);
  });

  it('CHECKSUM_PARAMS for the empty-body CRC32 the SDK puts on uploads, not for x-amz-checksum-mode', async () => {
    const all = await fixtures();
    const withCrc = all.find((f) => f.url.includes('x-amz-checksum-crc32=AAAAAA%3D%3D'));
    assert.ok(withCrc, 'the matrix has an SDK-default checksum upload URL');
    assert.equal(only(withCrc.url, 'CHECKSUM_PARAMS', { now: SIGNING_DATE }).severity, 'warning');
    const getWithMode = all.find((f) => f.url.includes('x-amz-checksum-mode=ENABLED'))!;
    assert.ok(!codes(diagnose(parse(getWithMode.url), { now: SIGNING_DATE })).includes('CHECKSUM_PARAMS'));
  });

  it('MISSING_PARAMETER for each SigV4 parameter cut off', () => {
    for (const name of [
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-Expires',
      'X-Amz-SignedHeaders',
      'X-Amz-Signature',
    ]) {
      const url = CLEAN.replace(new RegExp(`[?&]${name}=[^&]*`), (m) => (m.startsWith('?') ? '?' : ''));
      const findings = diagnose(parse(url.replace('?&', '?')), IN_AN_HOUR);
      assert.deepEqual(
        findings.filter((f) => f.code === 'MISSING_PARAMETER').map((f) => f.param),
        [name],
      );
    }
  });

  it('MALFORMED_PARAMETER for a bad date, credential, expiry or signature', () => {
    const cases: readonly [string, string, RegExp][] = [
      ['X-Amz-Date=20260314T150926Z', 'X-Amz-Date=2026-03-14T15:09:26Z', /yyyyMMddTHHmmssZ/],
      ['X-Amz-Date=20260314T150926Z', 'X-Amz-Date=20260231T150926Z', /yyyyMMddTHHmmssZ/],
      ['%2Feu-west-1%2Fs3%2Faws4_request', '%2Feu-west-1%2Fs3', /not of the form/],
      ['%2Fs3%2Faws4_request', '%2Fec2%2Faws4_request', /service "ec2"/],
      ['AKIAIOSFODNN7EXAMPLE%2F20260314', 'AKIAIOSFODNN7EXAMPLE%2F20260315', /not the day of X-Amz-Date/],
      ['X-Amz-Expires=3600', 'X-Amz-Expires=-5', /number of seconds/],
      ['X-Amz-Expires=3600', 'X-Amz-Expires=1h', /number of seconds/],
      [`X-Amz-Signature=${'c'.repeat(64)}`, `X-Amz-Signature=${'c'.repeat(63)}`, /63 characters long/],
      [`X-Amz-Signature=${'c'.repeat(64)}`, `X-Amz-Signature=${'C'.repeat(64)}`, /not lower-case hexadecimal/],
      ['X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=content-type', /does not include host/],
      ['X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=host%3Bcontent-type', /sorted/],
      ['X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA1', /S3 accepts AWS4-HMAC-SHA256/],
    ];
    for (const [from, to, message] of cases) {
      const findings = diagnose(parse(CLEAN.replace(from, to)), IN_AN_HOUR).filter(
        (f) => f.code === 'MALFORMED_PARAMETER',
      );
      assert.equal(findings.length, 1, `${to}: ${JSON.stringify(findings)}`);
      assert.match(findings[0]!.message, message);
    }
  });

  it('INSECURE_HTTP for http to anything but loopback', () => {
    only(CLEAN.replace('https://', 'http://'), 'INSECURE_HTTP');
    const local = CLEAN.replace(
      'https://presign-lens-fixtures.s3.eu-west-1.amazonaws.com/',
      'http://127.0.0.1:9000/presign-lens-fixtures/',
    );
    assert.ok(!codes(diagnose(parse(local), IN_AN_HOUR)).includes('INSECURE_HTTP'));
  });

  it('DOUBLE_ENCODED_KEY when the decoded key still holds escapes', () => {
    const f = only(CLEAN.replace('/report.pdf', '/my%2520report.pdf'), 'DOUBLE_ENCODED_KEY');
    assert.match(f.message, /%20/);
    assert.ok(
      !codes(diagnose(parse(CLEAN.replace('/report.pdf', '/my%20report.pdf')), IN_AN_HOUR)).includes(
        'DOUBLE_ENCODED_KEY',
      ),
    );
  });

  it('PLUS_IN_PATH for a raw "+", which S3 reads as a space', () => {
    const f = only(CLEAN.replace('/report.pdf', '/a+b.pdf'), 'PLUS_IN_PATH');
    assert.match(f.message, /names the key "a b\.pdf"/);
    assert.equal(parse(CLEAN.replace('/report.pdf', '/a+b.pdf')).key, 'a b.pdf');
    assert.ok(!codes(diagnose(parse(CLEAN.replace('/report.pdf', '/a%2Bb.pdf')), IN_AN_HOUR)).includes('PLUS_IN_PATH'));
  });

  it('DOT_SEGMENTS for keys that clients would normalise', () => {
    only(CLEAN.replace('/report.pdf', '/a/../report.pdf'), 'DOT_SEGMENTS');
  });

  it('UNKNOWN_PARAMETER for parameters S3 does not define', () => {
    assert.equal(only(`${CLEAN}&utm_source=newsletter`, 'UNKNOWN_PARAMETER').param, 'utm_source');
  });

  it('SIGV4A as information: decoded, not verifiable', () => {
    const v4a =
      'https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=300&X-Amz-Region-Set=%2A&X-Amz-SignedHeaders=host&X-Amz-Signature=3045';
    const findings = diagnose(parse(v4a), { now: SIGNING_DATE });
    assert.deepEqual(codes(findings), ['SIGV4A']);
  });
});
