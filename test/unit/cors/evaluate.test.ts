// The CORS cases against the engine: S3's answers, the browser's verdict, and the smallest fix.
import * as assert from 'node:assert/strict';
import { evaluateCors, pageRequest, parseCorsConfiguration, suggestCorsFix } from '../../../src/engine/cors';
import { CORS_CASES } from './cases';
import { configOf, evaluateCase } from './run';
import { AWS_CLIENT, presign } from './presign';

describe('CORS cases from AWS documentation, recorded answers and public issues', () => {
  let checked = 0;
  after(() => console.log(`      ${checked} CORS cases checked against the engine`));

  for (const c of CORS_CASES) {
    it(c.name, async () => {
      const e = evaluateCase(c, await presign(c.presign, AWS_CLIENT));
      const { expect } = c;
      assert.equal(e.allowed, expect.allowed, 'allowed');
      assert.equal(e.request.preflight, expect.preflight, 'preflight');
      assert.equal(e.matchedRule, expect.matchedRule, 'matched rule');
      if (expect.requestHeaders) assert.deepEqual(e.request.requestHeaders, expect.requestHeaders);
      if (expect.preflightHeaders) assert.deepEqual(e.preflight?.headers, expect.preflightHeaders);
      if (expect.actualHeaders) assert.deepEqual(e.actual.headers, expect.actualHeaders);
      if (expect.missing) assert.deepEqual(e.missing, expect.missing);
      const reasons = e.rules.flatMap((r) => r.reasons);
      for (const r of expect.reasons ?? [])
        assert.ok(
          reasons.some((x) => r.test(x)),
          `${r} in ${JSON.stringify(reasons)}`,
        );
      const codes = e.findings.map((f) => f.code);
      for (const code of expect.findings ?? []) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
      assert.equal(
        e.rules.filter((r) => r.matches)[0]?.index ?? null,
        expect.preflight ? e.matchedRule : (e.rules.find((r) => r.matches)?.index ?? null),
      );
      checked++;
    });
  }
});

describe('the smallest fix', () => {
  const blocked = CORS_CASES.filter((c) => !c.expect.allowed);

  for (const c of blocked) {
    it(`makes the engine allow: ${c.name}`, async () => {
      const e = evaluateCase(c, await presign(c.presign, AWS_CLIENT));
      const config = configOf(c);
      const fix = suggestCorsFix(config, e);
      assert.ok(fix, 'a fix');
      const applied = parseCorsConfiguration(fix.json);
      assert.ok(applied.ok && applied.valid, JSON.stringify(applied));
      assert.equal(evaluateCors(applied.value, e.request, e.origin).allowed, true, fix.json);
      assert.ok(fix.changes.length > 0);
    });
  }

  it('adds the missing header to the rule that almost matched, and nothing else', async () => {
    const c = CORS_CASES.find((x) => x.name.startsWith('checksum trap: a signed'))!;
    const e = evaluateCase(c, await presign(c.presign, AWS_CLIENT));
    const fix = suggestCorsFix(configOf(c), e)!;
    assert.equal(fix.kind, 'extend');
    assert.deepEqual(fix.rules, [
      { AllowedOrigins: [c.origin], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type', 'x-amz-checksum-crc32'] },
    ]);
    assert.deepEqual(fix.changes, ['CORSRules[0]: added x-amz-checksum-crc32 to AllowedHeaders.']);
  });

  it('exposes ETag on the rule that answers the upload', async () => {
    const c = CORS_CASES.find((x) => x.name.startsWith('first matching rule wins: rule 0 answers'))!;
    const e = evaluateCase(c, await presign(c.presign, AWS_CLIENT));
    const fix = suggestCorsFix(configOf(c), e)!;
    assert.equal(fix.ruleIndex, 0);
    assert.deepEqual(fix.rules[0]!.ExposeHeaders, ['ETag']);
    assert.deepEqual(fix.rules[1], configOf(c)!.rules[1]);
  });

  it('adds one precise rule for an origin no rule names, after the others', async () => {
    const c = CORS_CASES.find((x) => x.name.startsWith('docs example 1: a PUT from an origin no rule'))!;
    const e = evaluateCase(c, await presign(c.presign, AWS_CLIENT));
    const fix = suggestCorsFix(configOf(c), e)!;
    assert.equal(fix.kind, 'add');
    assert.equal(fix.ruleIndex, 3);
    assert.deepEqual(fix.rules[3], {
      AllowedHeaders: ['content-type'],
      AllowedMethods: ['PUT'],
      AllowedOrigins: ['https://viewer.example.net'],
    });
  });

  it('puts the new rule first when a * rule would answer a request made with credentials', async () => {
    const c = CORS_CASES.find((x) => x.expect.findings?.includes('CREDENTIALS_WITH_WILDCARD'))!;
    const e = evaluateCase(c, await presign(c.presign, AWS_CLIENT));
    const fix = suggestCorsFix(configOf(c), e)!;
    assert.equal(fix.ruleIndex, 0);
    assert.deepEqual(fix.rules[0]!.AllowedOrigins, [c.origin]);
  });

  it('offers nothing for a request that already works', async () => {
    const c = CORS_CASES.find((x) => x.expect.allowed)!;
    const e = evaluateCase(c, await presign(c.presign, AWS_CLIENT));
    assert.equal(suggestCorsFix(configOf(c), e), undefined);
  });

  it('offers nothing for a method S3 cannot allow', () => {
    const request = pageRequest({ method: 'PATCH' });
    const e = evaluateCors(null, request, 'https://app.example.com');
    assert.equal(e.allowed, false);
    assert.ok(e.findings.some((f) => f.code === 'METHOD_NOT_ALLOWABLE'));
    assert.equal(suggestCorsFix(null, e), undefined);
  });

  it('writes a whole configuration for a bucket that has none', () => {
    const request = pageRequest({ method: 'PUT', headers: [{ name: 'Content-Type', value: 'image/png' }] });
    const e = evaluateCors(null, request, 'https://app.example.com');
    const fix = suggestCorsFix(null, e)!;
    assert.equal(
      fix.json,
      JSON.stringify(
        [{ AllowedHeaders: ['content-type'], AllowedMethods: ['PUT'], AllowedOrigins: ['https://app.example.com'] }],
        null,
        4,
      ),
    );
  });
});
