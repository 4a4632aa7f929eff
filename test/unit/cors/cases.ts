// The CORS cases: a bucket configuration as users have it, a page origin, the request the page makes with a
// presigned URL, and what S3 and the browser do — each taken from AWS's documentation, answers recorded
// against AWS, the Fetch standard, or a public issue (the source is on each case).
import type { CorsFindingCode, HeaderInput } from '../../../src/engine/cors';
import type { PresignSpec } from './presign';

export const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

export interface CorsCase {
  readonly name: string;
  readonly source: string;
  /** The configuration text (console JSON, CLI JSON or XML); null: the bucket has none. */
  readonly cors: string | null;
  /** The Origin header the browser sends. */
  readonly origin: string;
  readonly presign: PresignSpec;
  readonly headers?: readonly HeaderInput[];
  readonly readHeaders?: readonly string[];
  readonly credentials?: boolean;
  readonly expect: {
    readonly allowed: boolean;
    readonly preflight: boolean;
    readonly matchedRule: number | null;
    readonly requestHeaders?: readonly string[];
    /** Exactly the CORS headers S3 puts on its answer to the preflight. */
    readonly preflightHeaders?: Readonly<Record<string, string>>;
    /** Exactly the CORS headers S3 puts on the answer to the request itself. */
    readonly actualHeaders?: Readonly<Record<string, string>>;
    /** Matched against the reasons of every rule. */
    readonly reasons?: readonly RegExp[];
    readonly missing?: readonly string[];
    readonly findings?: readonly CorsFindingCode[];
  };
  /** Why the local s3rver answers otherwise, against AWS's behaviour: the case is set aside there. */
  readonly s3rverDeviation?: string;
}

const MANAGE_CORS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html';
const EVALUATION = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html#cors-eval-criteria';
const TROUBLESHOOTING = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors-troubleshooting.html';
const RECORDED =
  'https://github.com/localstack/localstack/blob/master/tests/aws/services/s3/test_s3_cors.snapshot.json';
const CEPH = 'https://github.com/ceph/s3-tests/blob/master/s3tests/functional/test_s3.py';
const FETCH_HEADERS = 'https://fetch.spec.whatwg.org/#cors-safelisted-request-header';

/** Example 1 of the CORS configuration page, as the console shows it. */
const DOCS_EXAMPLE_1 = JSON.stringify([
  {
    AllowedHeaders: ['*'],
    AllowedMethods: ['PUT', 'POST', 'DELETE'],
    AllowedOrigins: ['http://www.example1.com'],
    ExposeHeaders: [],
  },
  {
    AllowedHeaders: ['*'],
    AllowedMethods: ['PUT', 'POST', 'DELETE'],
    AllowedOrigins: ['http://www.example2.com'],
    ExposeHeaders: [],
  },
  { AllowedHeaders: [], AllowedMethods: ['GET'], AllowedOrigins: ['*'], ExposeHeaders: [] },
]);

/** Example 2 of the same page, in its XML form. */
const DOCS_EXAMPLE_2 = `<CORSConfiguration>
 <CORSRule>
   <AllowedOrigin>http://www.example.com</AllowedOrigin>
   <AllowedMethod>PUT</AllowedMethod>
   <AllowedMethod>POST</AllowedMethod>
   <AllowedMethod>DELETE</AllowedMethod>
   <AllowedHeader>*</AllowedHeader>
  <MaxAgeSeconds>3000</MaxAgeSeconds>
  <ExposeHeader>x-amz-server-side-encryption</ExposeHeader>
  <ExposeHeader>x-amz-request-id</ExposeHeader>
  <ExposeHeader>x-amz-id-2</ExposeHeader>
 </CORSRule>
</CORSConfiguration>`;

/** The rules of ceph's test_cors_origin_response, as `aws s3api get-bucket-cors` prints them. */
const CEPH_ORIGINS = JSON.stringify({
  CORSRules: [
    { AllowedMethods: ['GET'], AllowedOrigins: ['*suffix'] },
    { AllowedMethods: ['GET'], AllowedOrigins: ['start*end'] },
    { AllowedMethods: ['GET'], AllowedOrigins: ['prefix*'] },
    { AllowedMethods: ['PUT'], AllowedOrigins: ['*.put'] },
  ],
});

const LOCALHOST_4200 = 'https://localhost:4200';
const HEADERS_BY_NAME = JSON.stringify({
  CORSRules: [
    {
      AllowedOrigins: [LOCALHOST_4200],
      AllowedMethods: ['GET'],
      MaxAgeSeconds: 3000,
      AllowedHeaders: [
        'x-amz-expected-bucket-owner',
        'x-amz-server-side-encryption-customer-algorithm',
        'x-AMZ-server-SIDE-encryption',
      ],
    },
  ],
});
const ANY_HEADER_4200 = JSON.stringify({
  CORSRules: [
    { AllowedOrigins: [LOCALHOST_4200], AllowedMethods: ['GET'], MaxAgeSeconds: 3000, AllowedHeaders: ['*'] },
  ],
});

const APP = 'https://app.example.com';
const PUT_PNG: readonly HeaderInput[] = [{ name: 'Content-Type', value: 'image/png' }];

function cephOrigin(origin: string, matchedRule: number | null): CorsCase {
  return {
    name: `ceph origin wildcards: GET from "${origin}" ${matchedRule === null ? 'matches no rule' : `matches rule ${matchedRule}`}`,
    source: `${CEPH} (test_cors_origin_response)`,
    cors: CEPH_ORIGINS,
    origin,
    presign: { operation: 'GetObject' },
    expect: {
      allowed: matchedRule !== null,
      preflight: false,
      matchedRule,
      actualHeaders:
        matchedRule === null
          ? {}
          : {
              'Access-Control-Allow-Origin': origin,
              'Access-Control-Allow-Credentials': 'true',
              'Access-Control-Allow-Methods': 'GET',
              Vary: VARY,
            },
    },
  };
}

export const CORS_CASES: readonly CorsCase[] = [
  {
    name: 'docs example 1: a PUT with a Content-Type from www.example1.com matches rule 0',
    source: MANAGE_CORS,
    cors: DOCS_EXAMPLE_1,
    origin: 'http://www.example1.com',
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 0,
      requestHeaders: ['content-type'],
      preflightHeaders: {
        'Access-Control-Allow-Origin': 'http://www.example1.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'PUT, POST, DELETE',
        'Access-Control-Allow-Headers': 'content-type',
        Vary: VARY,
      },
      findings: ['NO_MAX_AGE'],
    },
  },
  {
    name: 'docs example 1: the same PUT from www.example2.com matches rule 1',
    source: MANAGE_CORS,
    cors: DOCS_EXAMPLE_1,
    origin: 'http://www.example2.com',
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: { allowed: true, preflight: true, matchedRule: 1, requestHeaders: ['content-type'] },
  },
  {
    name: 'docs example 1: a GET from any origin is a simple request answered by rule 2 with Allow-Origin *',
    source: MANAGE_CORS,
    cors: DOCS_EXAMPLE_1,
    origin: 'https://viewer.example.net',
    presign: { operation: 'GetObject' },
    expect: {
      allowed: true,
      preflight: false,
      matchedRule: 2,
      actualHeaders: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET', Vary: VARY },
    },
  },
  {
    name: 'docs example 1: a PUT from an origin no rule names is refused, each rule saying why',
    source: MANAGE_CORS,
    cors: DOCS_EXAMPLE_1,
    origin: 'https://viewer.example.net',
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: {
      allowed: false,
      preflight: true,
      matchedRule: null,
      reasons: [
        /^Origin https:\/\/viewer\.example\.net matches none of AllowedOrigins \["http:\/\/www\.example1\.com"\]\.$/,
        /^PUT is not in AllowedMethods \["GET"\]\.$/,
        /^The preflight asks for content-type, and the rule has no AllowedHeaders\.$/,
      ],
      findings: ['NO_MATCHING_RULE'],
    },
  },
  {
    name: 'docs example 1: a DELETE preflights for its method alone',
    source: MANAGE_CORS,
    cors: DOCS_EXAMPLE_1,
    origin: 'http://www.example1.com',
    presign: { operation: 'DeleteObject' },
    expect: { allowed: true, preflight: true, matchedRule: 0, requestHeaders: [] },
  },
  {
    name: 'a GET with Range bytes=0-1023 stays simple (Range is safelisted with a start)',
    source: FETCH_HEADERS,
    cors: DOCS_EXAMPLE_1,
    origin: 'https://viewer.example.net',
    presign: { operation: 'GetObject' },
    headers: [{ name: 'Range', value: 'bytes=0-1023' }],
    expect: { allowed: true, preflight: false, matchedRule: 2 },
  },
  {
    name: 'a GET with a suffix Range (bytes=-500) preflights, and rule 2 has no AllowedHeaders',
    source: 'https://github.com/whatwg/fetch/commit/a18fb3e',
    cors: DOCS_EXAMPLE_1,
    origin: 'https://viewer.example.net',
    presign: { operation: 'GetObject' },
    headers: [{ name: 'Range', value: 'bytes=-500' }],
    expect: {
      allowed: false,
      preflight: true,
      matchedRule: null,
      requestHeaders: ['range'],
      reasons: [/^The preflight asks for range, and the rule has no AllowedHeaders\.$/],
    },
  },
  {
    name: 'docs example 2 (XML): the preflight answer carries ExposeHeaders and Max-Age 3000',
    source: MANAGE_CORS,
    cors: DOCS_EXAMPLE_2,
    origin: 'http://www.example.com',
    presign: { operation: 'PutObject' },
    headers: [{ name: 'Content-Type', value: 'image/jpeg' }],
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 0,
      preflightHeaders: {
        'Access-Control-Allow-Origin': 'http://www.example.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'PUT, POST, DELETE',
        'Access-Control-Allow-Headers': 'content-type',
        'Access-Control-Expose-Headers': 'x-amz-server-side-encryption, x-amz-request-id, x-amz-id-2',
        'Access-Control-Max-Age': '3000',
        Vary: VARY,
      },
    },
  },
  {
    name: 'troubleshooting: an https page does not match an http AllowedOrigin',
    source: TROUBLESHOOTING,
    cors: JSON.stringify([
      { AllowedOrigins: ['http://www.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'] },
    ]),
    origin: 'https://www.example.com',
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: {
      allowed: false,
      preflight: true,
      matchedRule: null,
      reasons: [/^Origin https:\/\/www\.example\.com matches none of AllowedOrigins \["http:\/\/www\.example\.com"\]/],
    },
  },
  {
    name: 'troubleshooting: AllowedOrigin http://www.example.com:80 never matches (browsers drop the default port)',
    source: TROUBLESHOOTING,
    cors: JSON.stringify([{ AllowedOrigins: ['http://www.example.com:80'], AllowedMethods: ['GET'] }]),
    origin: 'http://www.example.com',
    presign: { operation: 'GetObject' },
    expect: { allowed: false, preflight: false, matchedRule: null, actualHeaders: {}, findings: ['NO_MATCHING_RULE'] },
  },
  {
    name: 'an AllowedOrigin with a trailing slash never matches',
    source: `${TROUBLESHOOTING}; ${RECORDED} (test_cors_options_fails_partial_origin)`,
    cors: JSON.stringify([{ AllowedOrigins: [`${APP}/`], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] }]),
    origin: APP,
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: { allowed: false, preflight: true, matchedRule: null },
  },
  {
    name: 'recorded against AWS: http://*.origin.com matches http://test.origin.com',
    source: `${RECORDED} (test_cors_options_match_partial_origin)`,
    cors: JSON.stringify([
      {
        AllowedOrigins: ['http://*.origin.com'],
        AllowedMethods: ['GET', 'PUT'],
        MaxAgeSeconds: 3000,
        AllowedHeaders: ['*'],
      },
    ]),
    origin: 'http://test.origin.com',
    presign: { operation: 'PutObject' },
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 0,
      preflightHeaders: {
        'Access-Control-Allow-Origin': 'http://test.origin.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET, PUT',
        'Access-Control-Max-Age': '3000',
        Vary: VARY,
      },
    },
  },
  {
    name: 'recorded against AWS: a * origin answers Allow-Origin * and no Allow-Credentials',
    source: `${RECORDED} (test_cors_match_origins, opt-random-wildcard-origin)`,
    cors: JSON.stringify([
      { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'], MaxAgeSeconds: 3000, AllowedHeaders: ['*'] },
    ]),
    origin: 'http://random:1234',
    presign: { operation: 'PutObject' },
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 0,
      preflightHeaders: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, PUT',
        'Access-Control-Max-Age': '3000',
        Vary: VARY,
      },
      findings: ['WILDCARD_ORIGIN_WRITES'],
    },
  },
  {
    name: 'recorded against AWS: AllowedHeaders * lets x-amz-request-payer through, echoed',
    source: `${RECORDED} (test_cors_match_headers, opt-get)`,
    cors: ANY_HEADER_4200,
    origin: LOCALHOST_4200,
    presign: { operation: 'GetObject' },
    headers: [{ name: 'x-amz-request-payer', value: 'requester' }],
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 0,
      requestHeaders: ['x-amz-request-payer'],
      preflightHeaders: {
        'Access-Control-Allow-Origin': LOCALHOST_4200,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': 'x-amz-request-payer',
        'Access-Control-Max-Age': '3000',
        Vary: VARY,
      },
    },
  },
  {
    name: 'recorded against AWS: two headers, listed lower case in the order the browser sends them (sorted)',
    source: `${RECORDED} (test_cors_match_headers, opt-get-two); https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names`,
    cors: ANY_HEADER_4200,
    origin: LOCALHOST_4200,
    presign: { operation: 'GetObject' },
    headers: [
      { name: 'X-Amz-Request-Payer', value: 'requester' },
      { name: 'X-Amz-Expected-Bucket-Owner', value: '111122223333' },
    ],
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 0,
      requestHeaders: ['x-amz-expected-bucket-owner', 'x-amz-request-payer'],
    },
  },
  {
    name: 'recorded against AWS: a header AllowedHeaders does not list is refused',
    source: `${RECORDED} (test_cors_match_headers, opt-get-non-allowed)`,
    cors: HEADERS_BY_NAME,
    origin: LOCALHOST_4200,
    presign: { operation: 'GetObject' },
    headers: [{ name: 'x-amz-request-payer', value: 'requester' }],
    expect: {
      allowed: false,
      preflight: true,
      matchedRule: null,
      reasons: [/^The preflight asks for x-amz-request-payer, which AllowedHeaders \[.*\] does not cover\.$/],
    },
  },
  {
    name: 'recorded against AWS: AllowedHeaders compare without regard to case',
    source: `${RECORDED} (test_cors_match_headers, opt-get-allowed-diff-casing)`,
    cors: HEADERS_BY_NAME,
    origin: LOCALHOST_4200,
    presign: { operation: 'GetObject' },
    headers: [
      { name: 'x-AMZ-expected-BUCKET-owner', value: '111122223333' },
      { name: 'x-amz-server-side-encryption', value: 'AES256' },
    ],
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 0,
      preflightHeaders: {
        'Access-Control-Allow-Origin': LOCALHOST_4200,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': 'x-amz-expected-bucket-owner, x-amz-server-side-encryption',
        'Access-Control-Max-Age': '3000',
        Vary: VARY,
      },
    },
  },
  {
    name: 'recorded against AWS: a rule without AllowedHeaders refuses any requested header',
    source: `${RECORDED} (test_put_cors_default_values, opt-get-headers)`,
    cors: JSON.stringify({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] }),
    origin: 'http://localhost:4566',
    presign: { operation: 'GetObject' },
    headers: [{ name: 'x-amz-request-payer', value: 'requester' }],
    expect: { allowed: false, preflight: true, matchedRule: null },
  },
  {
    name: 'AllowedHeaders "Content-Type" covers the content-type a browser sends',
    source: 'https://github.com/localstack/localstack/issues/9957',
    cors: JSON.stringify([
      { AllowedOrigins: ['http://localhost:3000'], AllowedMethods: ['PUT'], AllowedHeaders: ['Content-Type'] },
    ]),
    origin: 'http://localhost:3000',
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: { allowed: true, preflight: true, matchedRule: 0, requestHeaders: ['content-type'] },
  },
  {
    name: 'recorded against AWS: a rule for GET refuses the PUT preflight',
    source: `${RECORDED} (test_cors_match_methods, opt-put)`,
    cors: ANY_HEADER_4200,
    origin: LOCALHOST_4200,
    presign: { operation: 'PutObject' },
    expect: {
      allowed: false,
      preflight: true,
      matchedRule: null,
      reasons: [/^PUT is not in AllowedMethods \["GET"\]\.$/],
    },
  },
  cephOrigin('foo.suffix', 0),
  cephOrigin('foo.bar', null),
  cephOrigin('foo.suffix.get', null),
  cephOrigin('startend', 1),
  cephOrigin('start12end', 1),
  cephOrigin('0start12end', null),
  cephOrigin('prefix', 2),
  cephOrigin('prefix.suffix', 0),
  cephOrigin('bla.prefix', null),
  {
    name: 'ceph origin wildcards: a PUT from foo.put matches rule 3',
    source: `${CEPH} (test_cors_origin_response)`,
    cors: CEPH_ORIGINS,
    origin: 'foo.put',
    presign: { operation: 'PutObject' },
    expect: { allowed: true, preflight: true, matchedRule: 3 },
  },
  {
    name: 'multipart: an UploadPart whose answer exposes ETag works',
    source: 'https://github.com/aws/aws-sdk-js/issues/191',
    cors: JSON.stringify([
      {
        AllowedOrigins: [APP],
        AllowedMethods: ['PUT'],
        AllowedHeaders: ['*'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 3000,
      },
    ]),
    origin: APP,
    presign: { operation: 'UploadPart' },
    expect: { allowed: true, preflight: true, matchedRule: 0, missing: [] },
  },
  {
    name: 'multipart: without ExposeHeaders ETag the page cannot read the part’s ETag',
    source: 'https://github.com/TTLabs/EvaporateJS/issues/426',
    cors: JSON.stringify([{ AllowedOrigins: [APP], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] }]),
    origin: APP,
    presign: { operation: 'UploadPart' },
    expect: { allowed: false, preflight: true, matchedRule: 0, missing: ['etag'], findings: ['HEADER_NOT_READABLE'] },
  },
  {
    name: 'first matching rule wins: rule 0 answers, so rule 1’s ExposeHeaders ETag never applies',
    source: EVALUATION,
    cors: JSON.stringify([
      { AllowedOrigins: [APP], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] },
      { AllowedOrigins: ['*'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] },
    ]),
    origin: APP,
    presign: { operation: 'UploadPart' },
    expect: { allowed: false, preflight: true, matchedRule: 0, missing: ['etag'] },
  },
  {
    name: 'first matching rule wins: a rule that fails on headers gives way to the next one',
    source: EVALUATION,
    cors: JSON.stringify([
      { AllowedOrigins: [APP], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-meta-*'] },
      {
        AllowedOrigins: ['https://*.example.com'],
        AllowedMethods: ['PUT', 'GET'],
        AllowedHeaders: ['content-type'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 3000,
      },
    ]),
    origin: APP,
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: {
      allowed: true,
      preflight: true,
      matchedRule: 1,
      reasons: [/^The preflight asks for content-type, which AllowedHeaders \["x-amz-meta-\*"\] does not cover\.$/],
      findings: ['ACTUAL_RULE_DIFFERS'],
    },
    s3rverDeviation:
      's3rver takes the first rule matching origin and method, then refuses when its AllowedHeaders fall short (403); S3 goes on to the next rule',
  },
  {
    name: 'checksum trap: SDK default checksums pass CORS, and the upload still fails',
    source: 'https://github.com/crafter-station/petdex/issues/465',
    cors: JSON.stringify([{ AllowedOrigins: [APP], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] }]),
    origin: APP,
    presign: { operation: 'PutObject', sdkDefaultChecksums: true },
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    expect: { allowed: true, preflight: true, matchedRule: 0, findings: ['CHECKSUM_EMPTY_BODY'] },
  },
  {
    name: 'checksum trap: a signed x-amz-checksum-crc32 header must be in AllowedHeaders',
    source: 'https://github.com/crafter-station/petdex/issues/465',
    cors: JSON.stringify([{ AllowedOrigins: [APP], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] }]),
    origin: APP,
    presign: { operation: 'PutObject', checksumHeader: 'DUoRhQ==' },
    headers: [...PUT_PNG, { name: 'x-amz-checksum-crc32', value: 'DUoRhQ==' }],
    expect: {
      allowed: false,
      preflight: true,
      matchedRule: null,
      requestHeaders: ['content-type', 'x-amz-checksum-crc32'],
      reasons: [
        /^The preflight asks for x-amz-checksum-crc32, which AllowedHeaders \["content-type"\] does not cover\.$/,
      ],
      findings: ['SIGNED_CHECKSUM_HEADER'],
    },
  },
  {
    name: 'a PUT signed with Content-Type sends it, so a rule without AllowedHeaders refuses the preflight',
    source: `${FETCH_HEADERS}; ${MANAGE_CORS}`,
    cors: JSON.stringify([{ AllowedOrigins: [APP], AllowedMethods: ['PUT'] }]),
    origin: APP,
    presign: { operation: 'PutObject', signedContentType: 'image/png' },
    expect: {
      allowed: false,
      preflight: true,
      matchedRule: null,
      requestHeaders: ['content-type'],
      findings: ['SIGNED_HEADER_VALUE_UNKNOWN', 'NO_MATCHING_RULE'],
    },
  },
  {
    name: 'Content-Type text/plain is safelisted: the PUT preflights for its method only',
    source: FETCH_HEADERS,
    cors: JSON.stringify([{ AllowedOrigins: [APP], AllowedMethods: ['PUT'] }]),
    origin: APP,
    presign: { operation: 'PutObject' },
    headers: [{ name: 'Content-Type', value: 'text/plain;charset=UTF-8' }],
    expect: { allowed: true, preflight: true, matchedRule: 0, requestHeaders: [] },
  },
  {
    name: 'a request with credentials cannot use a rule with a * origin',
    source:
      'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html; https://fetch.spec.whatwg.org/#cors-check',
    cors: JSON.stringify([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }]),
    origin: APP,
    presign: { operation: 'GetObject' },
    credentials: true,
    expect: {
      allowed: false,
      preflight: false,
      matchedRule: 0,
      actualHeaders: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET', Vary: VARY },
      findings: ['CREDENTIALS_WITH_WILDCARD'],
    },
  },
  {
    name: 'no CORS configuration: S3 answers the preflight 403 "CORS is not enabled for this bucket"',
    source: `${TROUBLESHOOTING}; ${RECORDED} (test_cors_http_options_no_config)`,
    cors: null,
    origin: APP,
    presign: { operation: 'PutObject' },
    headers: PUT_PNG,
    expect: { allowed: false, preflight: true, matchedRule: null, findings: ['NO_CORS_CONFIGURATION'] },
  },
];
