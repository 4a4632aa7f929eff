// POST policies found where they stand in files (code, JSON, HTML, curl), in time linear in the text, and
// what a policy found alone says (expired, live, its lifetime, the findings it decides).
import * as assert from 'node:assert/strict';
import {
  describePostPolicy,
  findPostPolicies,
  policyLifetime,
  postCurlCommand,
  postHtmlForm,
  postPolicyAt,
} from '../../../src/engine/post';
import { assertAtMostLinear, growth } from '../complexity';
import { formFixtures } from './fixtures';

const policyOf = (conditions: unknown[], expiration = '2026-03-14T16:09:26Z'): string =>
  Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64');
const POLICY = policyOf([{ bucket: 'b' }, ['starts-with', '$key', 'up/'], { 'x-amz-date': '20260314T150926Z' }]);

describe('findPostPolicies', () => {
  it('finds the policy of each SDK’s form as pasted, as an HTML form and as a curl command', async () => {
    for (const f of await formFixtures()) {
      const policy = f.form.policy!.base64;
      for (const text of [f.pasted, postHtmlForm(f.form), postCurlCommand(f.form)]) {
        const found = findPostPolicies(`const upload = ${text};\n`);
        assert.equal(found.length, 1, `${f.name}: ${text.slice(0, 60)}`);
        assert.equal(found[0]!.text, policy, f.name);
        assert.equal(`const upload = ${text};\n`.slice(found[0]!.start, found[0]!.end), policy);
      }
    }
  });

  it('finds a policy beside its signature in code, before or after it, in either case', () => {
    for (const text of [
      `fields = { "Policy": "${POLICY}", "X-Amz-Signature": "abc" }`,
      `x-amz-signature=abc&policy=${POLICY}`,
      `{'signature': 'c2lnbmF0dXJl=', 'policy': '${POLICY}'}`,
      `<input name="Signature" value="x"><input name="Policy" value="${POLICY}">`,
    ])
      assert.deepEqual(
        findPostPolicies(text).map((f) => f.text),
        [POLICY],
        text,
      );
  });

  it('leaves base64 JSON that is no form’s policy', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig';
    for (const text of [
      `token = "${jwt}"; signature = "x"`,
      `policy = "${POLICY}"`,
      `policy = "${POLICY}"${' '.repeat(3000)}X-Amz-Signature`,
      `signature = "abcd${POLICY}"`,
      `policy = "${POLICY.slice(0, -1)}"; signature = "x"`,
      `policy = "${POLICY}x"; signature = "x"`,
    ])
      assert.deepEqual(findPostPolicies(text), [], text.slice(0, 60));
  });

  it('finds the policy under a hover, anywhere in it', () => {
    const line = `a = 1; fields = { "Policy": "${POLICY}", "X-Amz-Signature": "abc" }`;
    const start = line.indexOf(POLICY);
    for (const offset of [start, start + 10, start + POLICY.length - 1, start + POLICY.length])
      assert.equal(postPolicyAt(line, offset)?.start, start, String(offset));
    assert.equal(postPolicyAt(line, 2), undefined);
    const lines = `{\n  "Policy": "${POLICY}",\n  "X-Amz-Signature": "abc"\n}`;
    assert.equal(postPolicyAt(lines, lines.indexOf(POLICY) + 5)?.text, POLICY, 'its signature on the next line');
  });

  describe('in time linear in the input', () => {
    const KB = 1024;
    const cases: [string, (n: number) => string][] = [
      ['a line without a policy', (n) => 'x'.repeat(n)],
      ['a line of policy starts, no signature', (n) => 'eyJleHBpcmF0aW9uIj '.repeat(n / 19)],
      ['a line of policy starts and signatures', (n) => 'eyJleHBpcmF0aW9uIjAA signature '.repeat(n / 31)],
      ['one base64 run from a policy start', (n) => `eyJleHBpcmF0aW9uIj${'A'.repeat(n)}`],
      ['a line of signatures', (n) => 'signature '.repeat(n / 10)],
      [
        'a line of policies with their signatures',
        (n) => `"${POLICY}", "X-Amz-Signature": "a" `.repeat(n / (POLICY.length + 28)),
      ],
    ];
    for (const [name, make] of cases)
      it(name, () => assertAtMostLinear(name, make, (t) => findPostPolicies(t), 2560 * KB));

    it('a hover reads around its position only, whatever the line’s length', () => {
      const g = growth(
        (n) => `"${POLICY}", "X-Amz-Signature": "a" `.repeat(Math.floor(n / (POLICY.length + 28))),
        (t) => postPolicyAt(t, Math.floor(t.length / 2)),
        5 * 1024 * KB,
        20,
      );
      assert.ok(g.ratio < 2, `${g.single.toFixed(2)} ms on 5 MB, ${g.double.toFixed(2)} ms on 10 MB`);
    });
  });
});

describe('describePostPolicy', () => {
  const now = new Date('2026-03-14T15:10:00Z');

  it('says when a policy expires and for how long it was signed', () => {
    const note = describePostPolicy(POLICY, now);
    assert.equal(note.expiration?.toISOString(), '2026-03-14T16:09:26.000Z');
    assert.equal(note.bucket, 'b');
    assert.equal(note.key, 'up/…');
    assert.equal(policyLifetime(note, now), 'expires in 59 min 26 s (signed for 1 h)');
    assert.equal(policyLifetime(note, new Date('2026-03-15T16:09:26Z')), 'expired 1 day ago (signed for 1 h)');
  });

  it('keeps the findings a policy alone decides', () => {
    const codes = (policy: string, at = now): string[] => describePostPolicy(policy, at).findings.map((f) => f.code);
    assert.deepEqual(codes(POLICY, new Date('2026-03-14T16:10:00Z')), ['POLICY_EXPIRED', 'SIZE_UNCONSTRAINED']);
    assert.deepEqual(codes(policyOf([{ key: 'a' }], '2026-03-20T00:00:00Z')), ['LIVE_FORM', 'SIZE_UNCONSTRAINED']);
    assert.deepEqual(
      codes(policyOf([{ key: 'a' }, ['starts-with', '$Content-Type', ''], ['content-length-range', 1, 10]])),
      ['CONTENT_TYPE_UNCONSTRAINED'],
    );
    const temporary = { 'x-amz-credential': 'ASIAY34FZKBOKMUTVV7A/20260314/us-east-1/s3/aws4_request' };
    const range = ['content-length-range', 1, 10];
    assert.deepEqual(codes(policyOf([{ key: 'a' }, temporary, { 'x-amz-security-token': 'IQo' }, range])), [
      'TEMPORARY_CREDENTIALS',
    ]);
    assert.deepEqual(codes(policyOf([{ key: 'a' }, temporary, range])), ['TOKEN_MISSING']);
    assert.deepEqual(codes('eyJleHBpcmF0aW9uIjogMX0='), ['POLICY_MALFORMED', 'POLICY_MALFORMED', 'SIZE_UNCONSTRAINED']);
  });
});
