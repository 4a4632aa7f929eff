// s3-presign over presigned POST forms: presign --post signs one with the profile's credentials; decode,
// verify and explain read the forms both SDKs make, as files or standard input.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { checkPostUpload, parsePostForm, type PostForm } from '../../../src/engine';
import { formFixtures, LONG_TERM, TEMPORARY } from '../post/fixtures';
import { cli, withoutAwsEnv } from './run';

const DATE = '2026-03-14T15:09:26Z';

interface PostJson {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
  conditions: { type: string; field?: string; value?: string; min?: number; max?: number }[];
  credentialsExpiration: string | null;
  warnings: string[];
}

function formOf(post: { url: string; fields: Record<string, string> }): PostForm {
  const parsed = parsePostForm(JSON.stringify({ url: post.url, fields: post.fields }));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

/** The conditions as { type, field, value } or { type, min, max }, the shape the issue lists. */
const shapes = (conditions: PostJson['conditions']): unknown[] =>
  conditions.map(({ type, field, value, min, max }) =>
    type === 'content-length-range' ? { type, min, max } : { type, field, value },
  );

describe('s3-presign with POST forms', () => {
  withoutAwsEnv();
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-cli-post-'));
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    writeFileSync(
      join(dir, 'creds.json'),
      JSON.stringify({
        Version: 1,
        AccessKeyId: TEMPORARY.accessKeyId,
        SecretAccessKey: TEMPORARY.secretAccessKey,
        SessionToken: TEMPORARY.sessionToken,
        Expiration: soon,
      }),
    );
    const aws = writeAwsFiles(join(dir, 'aws'), {
      signer: { region: 'eu-west-1', accessKeyId: LONG_TERM.accessKeyId, secretAccessKey: LONG_TERM.secretAccessKey },
      session: { region: 'eu-west-1', config: { credential_process: `cat ${join(dir, 'creds.json')}` } },
      local: {
        region: 'us-east-1',
        endpointUrl: 'http://127.0.0.1:9000',
        pathStyle: true,
        accessKeyId: LONG_TERM.accessKeyId,
        secretAccessKey: LONG_TERM.secretAccessKey,
      },
      other: { region: 'eu-west-1', accessKeyId: 'AKIAOTHEROTHEROTHER1', secretAccessKey: 'another secret' },
    });
    Object.assign(process.env, aws.env);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  describe('presign --post', () => {
    it('prints { url, fields, expiresAt, conditions }: the form signed at --date, its policy exactly what was asked', async () => {
      const run = await cli([
        'presign',
        's3://acme/uploads/${filename}',
        '--post',
        '--profile',
        'signer',
        '--region',
        'eu-west-1',
        '--content-type-starts-with',
        'image/',
        '--min-size',
        '1',
        '--max-size',
        '10MB',
        '--field',
        'acl=private',
        '--field',
        'x-amz-meta-owner=alice',
        '--field',
        'success_action_status=201',
        '--expires',
        '2h',
        '--date',
        DATE,
        '--json',
      ]);
      assert.equal(run.code, 0, run.err);
      const post = JSON.parse(run.out) as PostJson;
      assert.equal(post.url, 'https://acme.s3.eu-west-1.amazonaws.com/');
      assert.equal(post.expiresAt, '2026-03-14T17:09:26Z');
      assert.deepEqual(Object.keys(post.fields), [
        'acl',
        'x-amz-meta-owner',
        'success_action_status',
        'bucket',
        'X-Amz-Algorithm',
        'X-Amz-Credential',
        'X-Amz-Date',
        'key',
        'Policy',
        'X-Amz-Signature',
      ]);
      assert.equal(post.fields['X-Amz-Date'], '20260314T150926Z');
      assert.equal(post.fields['X-Amz-Credential'], `${LONG_TERM.accessKeyId}/20260314/eu-west-1/s3/aws4_request`);
      assert.equal(post.fields['key'], 'uploads/${filename}');
      assert.deepEqual(shapes(post.conditions), [
        { type: 'starts-with', field: 'Content-Type', value: 'image/' },
        { type: 'content-length-range', min: 1, max: 10_000_000 },
        { type: 'eq', field: 'acl', value: 'private' },
        { type: 'eq', field: 'x-amz-meta-owner', value: 'alice' },
        { type: 'eq', field: 'success_action_status', value: '201' },
        { type: 'eq', field: 'bucket', value: 'acme' },
        { type: 'eq', field: 'X-Amz-Algorithm', value: 'AWS4-HMAC-SHA256' },
        { type: 'eq', field: 'X-Amz-Credential', value: post.fields['X-Amz-Credential'] },
        { type: 'eq', field: 'X-Amz-Date', value: '20260314T150926Z' },
        { type: 'starts-with', field: 'key', value: 'uploads/' },
      ]);
      const verdict = checkPostUpload(formOf(post), {
        secretAccessKey: LONG_TERM.secretAccessKey,
        fields: [
          ...Object.entries(post.fields).map(([name, value]) => ({ name, value })),
          { name: 'Content-Type', value: 'image/png' },
        ],
        fileName: 'cat.png',
        fileSize: 10_000_000,
        now: new Date('2026-03-14T17:09:25Z'),
      });
      assert.deepEqual(verdict.explanations, []);
      assert.deepEqual(post.warnings, []);
      assert.equal(post.credentialsExpiration, null);
    });

    it('signs the same form for the same inputs and --date', async () => {
      const args = ['presign', 's3://acme/a.txt', '--post', '--profile', 'signer', '--region', 'eu-west-1'];
      args.push('--date', DATE, '--json');
      const [a, b] = [await cli(args), await cli(args)];
      assert.equal(a.code, 0, a.err);
      assert.equal(a.out, b.out);
      assert.equal((JSON.parse(a.out) as PostJson).expiresAt, '2026-03-14T16:09:26Z', 'an hour by default');
    });

    it('prints the curl command that uploads with it, every field as --form-string, the file last', async () => {
      const run = await cli([
        'presign',
        's3://acme/in/',
        '--post',
        '--key-starts-with',
        'in/',
        '--content-type',
        'text/csv',
        '--profile',
        'signer',
        '--region',
        'eu-west-1',
        '--date',
        DATE,
      ]);
      assert.equal(run.code, 0, run.err);
      const lines = run.out.trimEnd().split('\n');
      assert.equal(lines[0], 'curl --fail-with-body \\');
      assert.ok(lines.slice(1, -2).every((l) => l.startsWith('  --form-string ')));
      assert.ok(lines.includes("  --form-string 'key=in/${filename}' \\"));
      assert.ok(lines.includes("  --form-string 'Content-Type=text/csv' \\"));
      assert.deepEqual(lines.slice(-2), ["  -F 'file=@file' \\", "  'https://acme.s3.eu-west-1.amazonaws.com/'"]);
      assert.equal(run.err, '');
    });

    it('posts path style to the endpoint of a profile with endpoint_url', async () => {
      const run = await cli(['presign', 's3://local-bucket/k', '--post', '--profile', 'local', '--json']);
      assert.equal(run.code, 0, run.err);
      assert.equal((JSON.parse(run.out) as PostJson).url, 'http://127.0.0.1:9000/local-bucket');
    });

    it('sends the session token of temporary credentials, and warns when they end before the policy', async () => {
      const args = [
        'presign',
        's3://acme/k',
        '--post',
        '--profile',
        'session',
        '--region',
        'eu-west-1',
        '--expires',
        '1d',
      ];
      const run = await cli([...args, '--json']);
      assert.equal(run.code, 0, run.err);
      const post = JSON.parse(run.out) as PostJson;
      assert.equal(post.fields['X-Amz-Security-Token'], TEMPORARY.sessionToken);
      assert.ok(post.credentialsExpiration);
      assert.equal(post.warnings.length, 1);
      assert.match(
        post.warnings[0]!,
        /^this form stops working at .* when the temporary credentials that signed it expire/,
      );
      const text = await cli(args);
      assert.match(text.err, /^s3-presign presign: warning: this form stops working at /);
    });

    it('refuses, with exit 2 and a reason, what S3 would refuse or the options cannot mean', async () => {
      const base = ['presign', 's3://acme/k', '--profile', 'signer', '--region', 'eu-west-1'];
      const cases: readonly [string[], RegExp][] = [
        [[...base, '--min-size', '1'], /--min-size needs --post/],
        [[...base, '--field', 'acl=private'], /--field needs --post/],
        [[...base, '--post', '--method', 'PUT'], /--method does not go with --post/],
        [[...base, '--post', '--keys-from', '-'], /--keys-from does not go with --post/],
        [[...base, '--post', '--expires', '8d'], /over 7 days/],
        [[...base, '--post', '--max-size', 'lots'], /--max-size: "lots" is not a size/],
        [[...base, '--post', '--min-size', '2MB', '--max-size', '1MB'], /minimum size .* is above the maximum/],
        [[...base, '--post', '--max-size', '6GiB'], /at most 5 GiB/],
        [[...base, '--post', '--field', 'acl'], /not of the form name=value/],
        [[...base, '--post', '--field', 'Policy=x'], /written by the presigner/],
        [[...base, '--post', '--content-type', 'a', '--content-type-starts-with', 'b'], /exclude each other/],
        [[...base, '--post', '--key-starts-with', 'in/'], /the key "k" is not the prefix/],
        [['presign', 's3://acme/a${filename}/b', '--post', '--profile', 'signer'], /must end the key/],
      ];
      for (const [args, reason] of cases) {
        const run = await cli(args);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.err, reason, args.join(' '));
        assert.equal(run.err.split('\n').length, 2, 'one line');
      }
    });
  });

  describe('decode and verify', () => {
    it('decode --json: each SDK’s form to its exact conditions, with kind "post" and the documented fields', async () => {
      for (const f of await formFixtures()) {
        const run = await cli(['decode', file('form.json', f.pasted), '--json']);
        assert.equal(run.code, 0, `${f.name}: ${run.err}`);
        const report = JSON.parse(run.out) as Record<string, unknown> & { conditions: PostJson['conditions'] };
        for (const key of ['bucket', 'region', 'accessKeyId', 'signedAt', 'expiresAt', 'expired', 'findings'])
          assert.ok(key in report, `${f.name}: ${key}`);
        assert.equal(report['kind'], 'post');
        assert.equal(report['bucket'], f.bucket);
        assert.equal(report['accessKeyId'], f.accessKeyId);
        assert.equal(report['expired'], false);
        const expected = f.conditions.map((c) =>
          c.type === 'content-length-range'
            ? c
            : { ...c, value: c.field.toLowerCase() === 'x-amz-security-token' ? 'REDACTED' : c.value },
        );
        assert.deepEqual(
          shapes(report.conditions).map((c) =>
            (c as { value?: string }).value?.startsWith('REDACTED') ? { ...(c as object), value: 'REDACTED' } : c,
          ),
          expected,
          f.name,
        );
        assert.ok(!run.out.includes(TEMPORARY.sessionToken), f.name);
      }
    });

    it('verify: each SDK’s form verifies with its secret; a field the uploader must add is named missing', async () => {
      for (const f of await formFixtures()) {
        process.env['AWS_ACCESS_KEY_ID'] = f.accessKeyId;
        process.env['AWS_SECRET_ACCESS_KEY'] = f.secretAccessKey;
        try {
          const run = await cli(
            ['verify', '-', '--file-size', String(f.fileSize), '--file-name', f.fileName, '--json'],
            f.pasted,
          );
          const result = JSON.parse(run.out) as {
            valid: boolean;
            signatureMatches: boolean;
            explanations: { code: string; field?: string }[];
          };
          assert.equal(result.signatureMatches, true, f.name);
          const added = f.upload.slice(f.form.fields.length).map((x) => x.name);
          assert.deepEqual(
            result.explanations.map((e) => [e.code, e.field]),
            added.map((name) => ['MISSING_FIELD', name]),
            f.name,
          );
          assert.equal(run.code, added.length === 0 ? 0 : 1, f.name);
        } finally {
          delete process.env['AWS_ACCESS_KEY_ID'];
          delete process.env['AWS_SECRET_ACCESS_KEY'];
        }
      }
    });

    it('verify exits 1 and says why: another secret, a file too large, an expired policy', async () => {
      const signed = JSON.parse(
        (
          await cli([
            'presign',
            's3://acme/k',
            '--post',
            '--profile',
            'signer',
            '--region',
            'eu-west-1',
            '--max-size',
            '100',
            '--date',
            DATE,
            '--json',
          ])
        ).out,
      ) as PostJson;
      const form = file('signed.json', JSON.stringify({ url: signed.url, fields: signed.fields }));
      const during = ['--now', '2026-03-14T15:30:00Z'];
      const ok = await cli(['verify', form, '--profile', 'signer', '--file-size', '100', ...during]);
      assert.equal(ok.code, 0, ok.out + ok.err);
      assert.match(ok.out, /^VALID: signature matches, and the upload meets every condition/);
      const cases: readonly [string[], string][] = [
        [['--profile', 'other', ...during], 'WRONG_SECRET'],
        [['--profile', 'signer', '--file-size', '101', ...during], 'ENTITY_TOO_LARGE'],
        [['--profile', 'signer', '--now', '2026-03-14T16:09:27Z'], 'POLICY_EXPIRED'],
      ];
      for (const [args, code] of cases) {
        const run = await cli(['verify', form, ...args, '--json']);
        assert.equal(run.code, 1, args.join(' '));
        const result = JSON.parse(run.out) as { valid: boolean; explanations: { code: string }[] };
        assert.equal(result.valid, false);
        assert.deepEqual(
          result.explanations.map((e) => e.code),
          [code],
          args.join(' '),
        );
      }
    });

    it('reads a form as an HTML <form> and as a curl command too', async () => {
      const f = (await formFixtures()).find((x) => x.generator === 'aws-sdk-js-v3' && !x.sessionToken)!;
      const post = JSON.parse(f.pasted) as { url: string; fields: Record<string, string> };
      const html = `<form action="${post.url}" method="post" enctype="multipart/form-data">\n${Object.entries(
        post.fields,
      )
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
        .join('\n')}\n<input type="file" name="file"></form>`;
      const curl = `curl ${Object.entries(post.fields)
        .map(([k, v]) => `--form-string '${k}=${v}'`)
        .join(' ')} -F file=@a.txt '${post.url}'`;
      const json = JSON.parse((await cli(['decode', file('form.json', f.pasted), '--json'])).out) as unknown;
      for (const text of [html, curl]) {
        const run = await cli(['decode', '-', '--json'], text);
        assert.equal(run.code, 0, run.err);
        assert.deepEqual({ ...(JSON.parse(run.out) as object), notes: [] }, { ...(json as object), notes: [] });
      }
    });

    it('refuses URL options on a form and form options on a URL', async () => {
      const f = (await formFixtures())[0]!;
      const form = file('form.json', f.pasted);
      const cases: readonly [string[], RegExp][] = [
        [['verify', form, '--method', 'PUT'], /--method is for URLs/],
        [
          ['verify', 'https://b.s3.amazonaws.com/k?X-Amz-Signature=a', '--file-size', '1'],
          /--file-size is for POST forms/,
        ],
        [['decode', '-'], /Expected \{ url, fields \} with the form fields/],
      ];
      for (const [args, reason] of cases) {
        const run = await cli(args, '{}');
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.err, reason);
      }
    });
  });

  describe('explain', () => {
    const failed = (condition: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ${condition}</Message><RequestId>1</RequestId><HostId>2</HostId></Error>`;

    it('knows an answer to a form without being told, and names the condition and field', async () => {
      const run = await cli(['explain', '-', '--json'], failed('["starts-with", "$key", "uploads/"]'));
      assert.equal(run.code, 0, run.err);
      const result = JSON.parse(run.out) as {
        kind: string;
        condition: unknown;
        field: string;
        explanations: { code: string }[];
      };
      assert.equal(result.kind, 'post');
      assert.deepEqual(result.condition, {
        type: 'starts-with',
        field: 'key',
        value: 'uploads/',
        text: '["starts-with", "$key", "uploads/"]',
      });
      assert.equal(result.field, 'key');
      assert.deepEqual(
        result.explanations.map((e) => e.code),
        ['POLICY_CONDITION_FAILED'],
      );
    });

    it('with --form, shows the field’s value against the condition it broke', async () => {
      const signed = await cli([
        'presign',
        's3://acme/uploads/${filename}',
        '--post',
        '--profile',
        'signer',
        '--region',
        'eu-west-1',
        '--json',
      ]);
      const post = JSON.parse(signed.out) as PostJson;
      // The key edited by hand after signing: the policy still says uploads/.
      const form = file(
        'edited.json',
        JSON.stringify({ url: post.url, fields: { ...post.fields, key: 'other/a.png' } }),
      );
      const xml = file('error.xml', failed('["starts-with", "$key", "uploads/"]'));
      const run = await cli(['explain', xml, '--form', form]);
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /^AccessDenied: Invalid according to Policy/);
      assert.match(
        run.out,
        /POLICY_CONDITION_FAILED: S3 rejected the field "key": its value must start with "uploads\/"; the form sends "other\/a.png"/,
      );
      assert.match(run.out, /Condition +\["starts-with", "\$key", "uploads\/"\]\n +Field +key = "other\/a.png"/);
    });

    it('refuses --url with --form, and both documents from standard input', async () => {
      const xml = file('e.xml', failed('["eq", "$acl", "private"]'));
      const both = await cli(['explain', xml, '--url', 'https://b/k', '--form', xml]);
      assert.equal(both.code, 2);
      assert.match(both.err, /exclude each other/);
      const stdin = await cli(['explain', '-', '--form', '-'], failed('["eq", "$acl", "private"]'));
      assert.equal(stdin.code, 2);
      assert.match(stdin.err, /cannot both come from standard input/);
    });
  });

  describe('scan', () => {
    it('reports POST form policies in files beside presigned URLs, with the findings the policy decides', async () => {
      const folder = join(dir, 'scan-repo');
      const f = (await formFixtures()).find((x) => x.generator === 'botocore SigV4' && x.name.endsWith('exact key'))!;
      const { mkdirSync } = await import('node:fs');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'upload.py'), `# a form left in code\nFORM = ${f.pasted}\n`);
      const run = await cli(['scan', folder, '--json', '--now', '2030-01-01T00:00:00Z']);
      assert.equal(run.code, 0, run.err);
      const hits = JSON.parse(run.out) as { kind: string; line: number; url: string; findings: { code: string }[] }[];
      assert.deepEqual(
        hits.map((h) => [h.kind, h.line, h.findings.map((x) => x.code)]),
        [['post', 2, ['POLICY_EXPIRED', 'SIZE_UNCONSTRAINED']]],
      );
      assert.match(hits[0]!.url, /^POST policy eyJ/);
      const text = await cli(['scan', folder, '--now', '2030-01-01T00:00:00Z', '--fail-on', 'error']);
      assert.equal(text.code, 1);
      assert.match(text.out, /0 presigned URLs and 1 POST form policy in 1 file;/);
    });
  });
});
