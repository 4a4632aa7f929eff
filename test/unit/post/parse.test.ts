import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { MAX_POST_INPUT, parsePostForm, postCurlCommand, postHtmlForm, type PostForm } from '../../../src/engine/post';
import { readJson, readLenient } from '../../../src/engine/post/literal';
import { formFixtures } from './fixtures';

function read(text: string): PostForm {
  const result = parsePostForm(text);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

const POLICY = Buffer.from('{"expiration":"2030-01-01T00:00:00Z","conditions":[{"key":"k"}]}').toString('base64');

describe('parsePostForm', () => {
  describe('the SDKs’ { url, fields }', () => {
    it('as JSON, as boto3 prints it (single quotes) and as Node prints it (bare keys), alike', async () => {
      const f = (await formFixtures()).find((x) => x.generator === 'aws-sdk-js-v3' && x.sessionToken)!;
      const post = JSON.parse(f.pasted) as { url: string; fields: Record<string, string> };
      const python = `{'url': '${post.url}', 'fields': {${Object.entries(post.fields)
        .map(([k, v]) => `'${k}': '${v}'`)
        .join(', ')}}}`;
      const node = `{\n  url: '${post.url}',\n  fields: {\n${Object.entries(post.fields)
        .map(([k, v]) => `    ${/^\w+$/.test(k) ? k : `'${k}'`}: '${v}',`)
        .join('\n')}\n  }\n}`;
      for (const text of [f.pasted, python, node]) assert.deepEqual(read(text).fields, f.form.fields);
    });

    it('keeps the fields in their order, names as typed', () => {
      const form = read(`{"fields": {"Policy": "${POLICY}", "key": "k", "X-Amz-Signature": "s", "acl": "private"}}`);
      assert.deepEqual(
        form.fields.map((f) => f.name),
        ['Policy', 'key', 'X-Amz-Signature', 'acl'],
      );
    });

    it('reads Python escapes and literals in boto3’s output', () => {
      const form = read(
        `{'url': 'https://b.s3.amazonaws.com/', 'fields': {'key': "it's \\xe9\\u00e9", 'policy': '${POLICY}', 'x-amz-meta-n': 'None'}}`,
      );
      assert.equal(form.fields[0]!.value, "it's éé");
    });

    it('reads just the fields object, without the url', () => {
      const form = read(`{"key": "k", "policy": "${POLICY}"}`);
      assert.equal(form.url, undefined);
      assert.equal(form.policy?.conditions.length, 1);
    });
  });

  describe('an HTML form', () => {
    it('reads the action, the successful controls in order, and the file’s place', () => {
      const form = read(`
        <FORM ACTION="https://b.s3.amazonaws.com/" METHOD=post enctype='multipart/form-data'>
          <!-- <input name="commented" value="out"> -->
          <input type=hidden name=key value="uploads/\${filename}">
          <input type="checkbox" name="unchecked" value="1">
          <input type="checkbox" name="x-amz-meta-flag" value="on" checked>
          <input type="text" name="disabled" value="1" disabled>
          <textarea name="x-amz-meta-note">a &amp; b</textarea>
          <input type="hidden" name="policy" value="${POLICY}" />
          <input type="file" name="file">
          <input type="hidden" name="after" value="x">
        </FORM>`);
      assert.equal(form.url, 'https://b.s3.amazonaws.com/');
      assert.deepEqual(form.fields, [
        { name: 'key', value: 'uploads/${filename}' },
        { name: 'x-amz-meta-flag', value: 'on' },
        { name: 'x-amz-meta-note', value: 'a & b' },
        { name: 'policy', value: POLICY },
      ]);
      assert.deepEqual(form.fieldsAfterFile, [{ name: 'after', value: 'x' }]);
      assert.equal(form.hasFileField, true);
    });

    it('notes a form that is not a multipart POST', () => {
      const form = read(`<form action="https://b.s3.amazonaws.com/"><input name="key" value="k"></form>`);
      assert.ok(form.notes.some((n) => /method is missing/.test(n)));
      assert.ok(form.notes.some((n) => /412/.test(n)));
    });
  });

  describe('a curl command', () => {
    it('reads -F as curl does: ";" starts options, a quoted word keeps them, @ attaches the file', () => {
      const form = read(`curl -X POST \\
  -F 'key=uploads/\${filename}' \\
  -F 'Content-Disposition=attachment; filename="a.svg"' \\
  -F 'x-amz-meta-a="quoted;kept" ' \\
  --form-string 'x-amz-meta-b=literal;type=text/plain' \\
  -Fpolicy=${POLICY} \\
  --form=acl=private \\
  -F file=@photo.jpg \\
  -F submit=Upload \\
  https://b.s3.amazonaws.com/`);
      assert.deepEqual(form.fields, [
        { name: 'key', value: 'uploads/${filename}' },
        { name: 'Content-Disposition', value: 'attachment' },
        { name: 'x-amz-meta-a', value: 'quoted;kept' },
        { name: 'x-amz-meta-b', value: 'literal;type=text/plain' },
        { name: 'policy', value: POLICY },
        { name: 'acl', value: 'private' },
      ]);
      assert.deepEqual(form.fieldsAfterFile, [{ name: 'submit', value: 'Upload' }]);
      assert.equal(form.url, 'https://b.s3.amazonaws.com/');
      assert.ok(form.notes.some((n) => /--form-string/.test(n)));
    });

    it("reads bash's $'…' quoting, double quotes and a leading prompt", () => {
      const form = read(
        `$ curl "https://b.s3.amazonaws.com/" -F $'key=a\\x41b' -F "policy=${POLICY}" -H 'Accept: */*'`,
      );
      assert.equal(form.fields[0]!.value, 'aAb');
      assert.equal(form.url, 'https://b.s3.amazonaws.com/');
    });
  });

  describe('is total: bad input gives a one-line reason, never an exception', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['hello', /Expected the \{ url, fields \}/],
      ['{"url": "https://b.s3.amazonaws.com/"', /Not JSON/],
      ['{"fields": {"key": ["a"]}}', /not a string/],
      ['{"a": 1}', /Expected \{ url, fields \}/],
      ['{"url": "ftp://x/", "fields": {"key": "k"}}', /not http/],
      ["curl -F 'key=unclosed", /not closed/],
      ['curl https://b.s3.amazonaws.com/', /no -F/],
      ['<div>no form</div><input>', /No <form>/],
      ['x'.repeat(MAX_POST_INPUT + 1), /KiB/],
      [`curl ${'-F a=b '.repeat(1001)}`, /more than 1000 form fields/],
    ];
    for (const [input, reason] of cases) {
      it(JSON.stringify(input.slice(0, 40)), () => {
        const result = parsePostForm(input);
        assert.equal(result.ok, false);
        if (!result.ok) {
          assert.match(result.error, reason);
          assert.ok(!result.error.includes('\n'), result.error);
        }
      });
    }

    it('on any mutation of a real form, in every input syntax', async () => {
      const f = (await formFixtures())[1]!;
      const seeds = [f.pasted, postCurlCommand(f.form), postHtmlForm(f.form)];
      fc.assert(
        fc.property(
          fc.constantFrom(...seeds),
          fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ maxLength: 6 })), { maxLength: 8 }),
          (seed, edits) => {
            let text = seed;
            for (const [at, length, piece] of edits) {
              const i = at % (text.length + 1);
              text = text.slice(0, i) + piece + text.slice(i + length);
            }
            const result = parsePostForm(text);
            assert.equal(typeof result.ok, 'boolean');
          },
        ),
        { numRuns: 3000, seed: 7 },
      );
    });
  });

  describe('reads hostile input in time linear in its size', () => {
    /** The fastest of 11 runs, in ms: the least disturbed by collection and the machine's other work. */
    const time = (text: string): number => {
      let best = Infinity;
      for (let i = 0; i < 11; i++) {
        const started = performance.now();
        parsePostForm(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const size = MAX_POST_INPUT - 64;
    const shapes: [string, (n: number) => string][] = [
      ['unclosed attribute quotes', (n) => `<form>${'<input name="a'.repeat(n / 14)}`],
      ['unclosed tags', (n) => `<form>${'<input a b '.repeat(n / 11)}`],
      ['textareas without an end tag', (n) => `<form>${'<textarea name=a>'.repeat(n / 17)}`],
      ['end tags of other elements', (n) => `<form><textarea name=a>${'</b>'.repeat(n / 4)}`],
      ['unclosed comments', (n) => `<form>${'<!--'.repeat(n / 4)}`],
      ['nested literal brackets', (n) => `{"fields": ${'['.repeat(Math.min(n, 30))}${' '.repeat(n)}`],
      ['curl single quotes', (n) => `curl ${"-F 'a=b' ".repeat(n / 10)}`],
    ];
    for (const [name, make] of shapes) {
      // Eight times the input: linear work takes about 8 times as long, quadratic about 64 times.
      it(`${name}: eight times the input takes far less than 64 times as long`, () => {
        const small = make(size / 8);
        const large = make(size);
        time(small);
        const ratio = time(large) / Math.max(time(small), 0.05);
        assert.ok(ratio < 24, `ratio ${ratio.toFixed(2)} (linear about 8, quadratic about 64)`);
      });
    }
  });
});

describe('the literal reader', () => {
  it('keeps numbers as written, so that S3’s refusal of 512.0 can be told', () => {
    const read = readJson('[1, 512.0, -3e2]');
    assert.ok(read.ok && read.value.kind === 'array');
    assert.deepEqual(
      read.value.items.map((i) => (i.kind === 'number' ? i.text : '')),
      ['1', '512.0', '-3e2'],
    );
  });

  it('is strict JSON for the policy, lenient for what people paste', () => {
    for (const text of ["{'a': 1}", '{a: 1}', '[1,]', '{"a": True}', '"\\x41"', '01']) {
      assert.equal(readJson(text).ok, false, text);
    }
    for (const text of ["{'a': 1}", '{a: 1}', '[1,]', '{"a": True}', '"\\x41"']) {
      assert.equal(readLenient(text).ok, true, text);
    }
  });

  it('refuses nesting deeper than 32 instead of overflowing the stack', () => {
    const read = readLenient(`${'['.repeat(100000)}${']'.repeat(100000)}`);
    assert.equal(read.ok, false);
  });
});
