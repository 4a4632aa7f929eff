// Reading a CORS configuration in the forms users have it, and S3's PutBucketCors checks.
import * as assert from 'node:assert/strict';
import {
  corsConsoleJson,
  corsXml,
  MAX_CORS_DOCUMENT_BYTES,
  parseCorsConfiguration,
  type CorsParseResult,
} from '../../../src/engine/cors';
import { assertLinear } from './growth';

function ok(result: CorsParseResult) {
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result;
}

const RULE = { AllowedHeaders: ['*'], AllowedMethods: ['PUT'], AllowedOrigins: ['https://app.example.com'] };

describe('parseCorsConfiguration', () => {
  it('reads the console form (an array of rules)', () => {
    const r = ok(parseCorsConfiguration(JSON.stringify([RULE])));
    assert.equal(r.value.format, 'console-json');
    assert.deepEqual(r.value.rules, [RULE]);
    assert.equal(r.valid, true);
  });

  it('reads `aws s3api get-bucket-cors` output', () => {
    const r = ok(
      parseCorsConfiguration(JSON.stringify({ CORSRules: [{ ...RULE, ID: 'uploads', MaxAgeSeconds: 3000 }] })),
    );
    assert.equal(r.value.format, 'cli-json');
    assert.equal(r.value.rules[0]!.ID, 'uploads');
    assert.equal(r.value.rules[0]!.MaxAgeSeconds, 3000);
  });

  it('reads the SDK’s PutBucketCors input', () => {
    const r = ok(parseCorsConfiguration(JSON.stringify({ CORSConfiguration: { CORSRules: [RULE] } })));
    assert.equal(r.value.format, 'sdk-json');
  });

  it('reads the XML S3 returns, with its declaration, namespace, entities and CDATA', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><!-- uploads -->
  <CORSRule><ID>a &amp; b</ID><AllowedOrigin>https://app.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod><AllowedHeader><![CDATA[x-amz-*]]></AllowedHeader><ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>
</CORSConfiguration>`;
    const r = ok(parseCorsConfiguration(xml));
    assert.deepEqual(r.value.rules, [
      {
        ID: 'a & b',
        AllowedOrigins: ['https://app.example.com'],
        AllowedMethods: ['PUT', 'GET'],
        AllowedHeaders: ['x-amz-*'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 3000,
      },
    ]);
  });

  it('writes back XML and console JSON that read as the same rules', () => {
    const rules = ok(parseCorsConfiguration(JSON.stringify([{ ...RULE, ID: '<&>', ExposeHeaders: ['ETag'] }]))).value
      .rules;
    assert.deepEqual(ok(parseCorsConfiguration(corsXml(rules))).value.rules, rules);
    assert.deepEqual(ok(parseCorsConfiguration(corsConsoleJson(rules))).value.rules, rules);
  });

  for (const [label, input, error] of [
    ['empty input', '  ', /empty/],
    ['neither JSON nor XML', 'AllowedOrigins: *', /Neither XML nor JSON/],
    ['the CloudFormation form', JSON.stringify({ CorsRules: [] }), /CloudFormation/],
    [
      'an unknown key, with the JSON spelling',
      JSON.stringify([{ AllowedOrigin: ['*'] }]),
      /unknown key "AllowedOrigin".*"AllowedOrigins"/,
    ],
    [
      'a string where a list goes',
      JSON.stringify([{ AllowedMethods: 'GET', AllowedOrigins: ['*'] }]),
      /AllowedMethods must be an array/,
    ],
    ['an XML root other than CORSConfiguration', '<Rules/>', /root is <Rules>/],
    [
      'an unknown XML element, with the XML spelling',
      '<CORSConfiguration><CORSRule><AllowedOrigins>*</AllowedOrigins></CORSRule></CORSConfiguration>',
      /<AllowedOrigins>.*<AllowedOrigin>/,
    ],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE x [<!ENTITY a "aaaa">]><CORSConfiguration/>', /DOCTYPE/],
    ['an unknown entity', '<CORSConfiguration><CORSRule><ID>&nbsp;</ID></CORSRule></CORSConfiguration>', /entity/],
    ['mismatched tags', '<CORSConfiguration><CORSRule></CORSConfiguration>', /closes nothing open|never closed/],
  ] as const) {
    it(`refuses ${label}`, () => {
      const r = parseCorsConfiguration(input);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, error);
    });
  }
});

describe('the checks S3 makes in PutBucketCors', () => {
  const problems = (rules: unknown): string[] => {
    const r = ok(parseCorsConfiguration(JSON.stringify(rules)));
    return r.problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
  };

  it('refuses a configuration without rules (MalformedXML)', () => {
    assert.match(problems([]).join('\n'), /^error CORSRules: No rules: S3 answers MalformedXML/);
  });

  it('takes at most 100 rules', () => {
    assert.match(problems(Array.from({ length: 101 }, () => RULE)).join('\n'), /101 rules: S3 takes at most 100/);
    assert.deepEqual(problems(Array.from({ length: 100 }, () => RULE)), []);
  });

  it('needs an origin and a method in each rule', () => {
    assert.match(problems([{ AllowedOrigins: ['*'] }]).join(), /at least one AllowedOrigin and one AllowedMethod/);
  });

  it('refuses methods other than GET, PUT, HEAD, POST, DELETE, in S3’s words', () => {
    assert.deepEqual(problems([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PATCH', 'put'] }]), [
      'error CORSRules[0].AllowedMethods[1]: Found unsupported HTTP method in CORS config. Unsupported method is PATCH.',
      'error CORSRules[0].AllowedMethods[2]: Found unsupported HTTP method in CORS config. Unsupported method is put (write it "PUT").',
    ]);
  });

  it('takes one wildcard per origin and per allowed header, none in ExposeHeaders', () => {
    assert.deepEqual(
      problems([
        {
          AllowedOrigins: ['https://*.*.example.com'],
          AllowedMethods: ['GET'],
          AllowedHeaders: ['x-*-*'],
          ExposeHeaders: ['*'],
        },
      ]).map((p) => p.split(':')[0]),
      [
        'error CORSRules[0].AllowedOrigins[0]',
        'error CORSRules[0].AllowedHeaders[0]',
        'error CORSRules[0].ExposeHeaders[0]',
      ],
    );
  });

  it('takes an ID of at most 255 characters and a whole MaxAgeSeconds', () => {
    assert.deepEqual(
      problems([{ ...RULE, ID: 'x'.repeat(256), MaxAgeSeconds: -1 }]).map((p) => p.split(':')[0]),
      ['error CORSRules[0].ID', 'error CORSRules[0].MaxAgeSeconds'],
    );
    assert.deepEqual(problems([{ ...RULE, ID: 'x'.repeat(255), MaxAgeSeconds: 0 }]), []);
  });

  it('takes a document of at most 64 KB', () => {
    const big = [
      {
        ...RULE,
        AllowedOrigins: Array.from({ length: 900 }, (_, i) => `https://site-${i}.example.com/${'p'.repeat(40)}`),
      },
    ];
    assert.ok(new TextEncoder().encode(corsXml(big)).length > MAX_CORS_DOCUMENT_BYTES);
    assert.ok(problems(big).some((p) => p.startsWith('error CORSRules: As XML the configuration is')));
  });

  it('warns about origins no browser sends, and says what the browser sends', () => {
    assert.deepEqual(
      problems([
        {
          AllowedMethods: ['GET'],
          AllowedOrigins: [
            'https://App.Example.com',
            'http://www.example.com:80',
            'https://app.example.com/',
            '',
            'https://*.example.com/',
          ],
        },
      ]),
      [
        'warning CORSRules[0].AllowedOrigins[0]: A page at https://App.Example.com sends "Origin: https://app.example.com", which this entry does not match; write "https://app.example.com".',
        'warning CORSRules[0].AllowedOrigins[1]: A page at http://www.example.com:80 sends "Origin: http://www.example.com", which this entry does not match; write "http://www.example.com".',
        'warning CORSRules[0].AllowedOrigins[2]: A page at https://app.example.com/ sends "Origin: https://app.example.com", which this entry does not match; write "https://app.example.com".',
        'warning CORSRules[0].AllowedOrigins[3]: An empty AllowedOrigin: S3 accepts it, but no browser sends an empty Origin.',
        'warning CORSRules[0].AllowedOrigins[4]: AllowedOrigin "https://*.example.com/" has a path or a trailing slash; a browser\'s Origin is scheme://host[:port] only.',
      ],
    );
  });

  it('stays valid with warnings only', () => {
    const r = ok(
      parseCorsConfiguration(JSON.stringify([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example.com/'] }])),
    );
    assert.equal(r.valid, true);
    assert.equal(r.problems.length, 1);
  });
});

describe('hostile configurations', () => {
  it('refuses input over 1 MiB without reading it', () => {
    const r = parseCorsConfiguration(' '.repeat(1024 * 1024 + 1));
    assert.equal(r.ok, false);
  });

  it('refuses more than 1000 rules or values', () => {
    assert.equal(parseCorsConfiguration(JSON.stringify(Array.from({ length: 1001 }, () => RULE))).ok, false);
    assert.equal(
      parseCorsConfiguration(JSON.stringify([{ ...RULE, AllowedOrigins: Array(1001).fill('*') }])).ok,
      false,
    );
    const xml = `<CORSConfiguration><CORSRule>${'<AllowedMethod>GET</AllowedMethod>'.repeat(1001)}</CORSRule></CORSConfiguration>`;
    assert.equal(parseCorsConfiguration(xml).ok, false);
  });

  it('stops at nesting deeper than any CORS document', () => {
    const r = parseCorsConfiguration('<a>'.repeat(100_000));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /deeper/);
  });

  it('reads in time linear in the input', () => {
    const rules = (values: number): string =>
      JSON.stringify(
        Array.from({ length: values / 250 }, (_, i) => ({
          ...RULE,
          ID: `r${i}`,
          AllowedHeaders: Array.from({ length: 250 }, (_, j) => `x-amz-meta-${i}-${j}-*`),
        })),
      );
    assertLinear('JSON rules', rules, parseCorsConfiguration, 50_000);
    assertLinear(
      'XML text with entities',
      (n) => `<CORSConfiguration><CORSRule><ID>${'&amp;a'.repeat(n)}</ID></CORSRule></CORSConfiguration>`,
      parseCorsConfiguration,
      50_000,
    );
    assertLinear(
      'unclosed attribute quotes',
      (n) => `<CORSConfiguration a="${'<'.repeat(n)}`,
      parseCorsConfiguration,
      100_000,
    );
    assertLinear(
      'comments',
      (n) => `<CORSConfiguration>${'<!-- x -->'.repeat(n)}</CORSConfiguration>`,
      parseCorsConfiguration,
      20_000,
    );
  });
});
