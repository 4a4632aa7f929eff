// Systematic mutations of valid uploads through every SDK-made form: each condition violated, names
// re-cased, fields added, removed or put after the file, sizes at and beyond the bounds, expiry, the
// policy or the signature altered, another secret. Each must get S3's verdict and the right code.
import * as assert from 'node:assert/strict';
import {
  checkPostUpload,
  type PostCheckOptions,
  type PostExplanationCode,
  type PostField,
  type PostForm,
} from '../../../src/engine/post';
import { formFixtures, type FormFixture } from './fixtures';

interface Mutation {
  readonly form: PostForm;
  readonly kind: string;
  readonly name: string;
  readonly options: PostCheckOptions;
  /** 'pass', or the explanation code that must be among those reported. */
  readonly expect: 'pass' | PostExplanationCode;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const set = (fields: readonly PostField[], name: string, value: string): PostField[] =>
  fields.map((f) => (same(f.name, name) ? { name: f.name, value } : f));
const without = (fields: readonly PostField[], name: string): PostField[] => fields.filter((f) => !same(f.name, name));
const valueOf = (fields: readonly PostField[], name: string): string | undefined =>
  fields.find((f) => same(f.name, name))?.value;

/** Whether the re-cased value still meets the condition exactly (a prefix without letters, say). */
function meetsIgnoringCase(c: { type: 'eq' | 'starts-with'; value: string }, value: string): boolean {
  return c.type === 'eq' ? value === c.value : value.startsWith(c.value);
}

function policyJsonEdited(f: FormFixture, edit: (json: string) => string): string {
  return Buffer.from(edit(f.form.policy!.json!), 'utf8').toString('base64');
}

function mutationsOf(f: FormFixture): Mutation[] {
  const out: Mutation[] = [];
  const expiration = f.form.policy!.expiration!;
  const base: PostCheckOptions = {
    secretAccessKey: f.secretAccessKey,
    fields: f.upload,
    fileName: f.fileName,
    fileSize: f.fileSize,
    now: new Date(expiration.getTime() - 300_000),
  };
  const add = (kind: string, name: string, options: Partial<PostCheckOptions>, expect: Mutation['expect']): void =>
    void out.push({ form: f.form, kind, name: `${f.name}: ${name}`, options: { ...base, ...options }, expect });
  const upload = f.upload;
  const signatureField = f.form.signatureVersion === 'v2' ? 'signature' : 'x-amz-signature';
  const signature = f.form.signature!;

  for (const c of f.form.policy!.conditions) {
    if (c.type !== 'eq' && c.type !== 'starts-with') continue;
    if (same(c.field, 'bucket')) {
      add(
        'condition violated',
        `posted to another bucket than ${c.text}`,
        { bucket: `${f.bucket}-other` },
        'POLICY_CONDITION_FAILED',
      );
      continue;
    }
    const current = valueOf(upload, c.field)!;
    if (c.type === 'starts-with' && c.value === '') {
      add(
        'condition violated',
        `${c.field} not sent for ${c.text}`,
        { fields: without(upload, c.field) },
        'MISSING_FIELD',
      );
      continue;
    }
    const wrong = c.type === 'eq' ? `${current}-changed` : `~${current}`;
    add(
      'condition violated',
      `${c.field}=${wrong} against ${c.text}`,
      { fields: set(upload, c.field, wrong) },
      'POLICY_CONDITION_FAILED',
    );
    // Values are compared exactly (S3 refused HTTP://… for http://…: localstack TestS3PresignedPost).
    const recased = current === current.toUpperCase() ? current.toLowerCase() : current.toUpperCase();
    if (recased !== current && !meetsIgnoringCase(c, recased))
      add(
        'value case',
        `${c.field} re-cased against ${c.text}`,
        { fields: set(upload, c.field, recased) },
        'POLICY_CONDITION_FAILED',
      );
    if (c.type === 'starts-with' && same(c.field, 'content-type'))
      add(
        'condition violated',
        `a Content-Type list with one item off ${c.text}`,
        { fields: set(upload, c.field, `${current},text/html`) },
        'POLICY_CONDITION_FAILED',
      );
  }

  const recase = (fn: (name: string) => string): PostField[] =>
    upload.map((x) => ({ name: fn(x.name), value: x.value }));
  add('name case', 'every field name upper-case', { fields: recase((n) => n.toUpperCase()) }, 'pass');
  add('name case', 'every field name lower-case', { fields: recase((n) => n.toLowerCase()) }, 'pass');
  add(
    'name case',
    'every field name in alternating case',
    {
      fields: recase((n) => n.replace(/./g, (ch, i: number) => (i % 2 ? ch.toUpperCase() : ch.toLowerCase()))),
    },
    'pass',
  );

  add(
    'extra field',
    'an x-amz-meta-extra field no condition names',
    { fields: [...upload, { name: 'x-amz-meta-extra', value: '1' }] },
    'EXTRA_INPUT_FIELD',
  );
  add(
    'extra field',
    'a Filename field as Flash sends it',
    { fields: [...upload, { name: 'Filename', value: 'a.jpg' }] },
    'EXTRA_INPUT_FIELD',
  );
  add(
    'extra field',
    'an x-ignore- field (exempt)',
    { fields: [...upload, { name: 'x-ignore-note', value: '1' }] },
    'pass',
  );

  for (const field of upload) {
    const lower = field.name.toLowerCase();
    // S3 checks the bucket condition against the URL, not a bucket field.
    if (lower === 'bucket') continue;
    const expect: PostExplanationCode = lower === 'policy' ? 'NO_POLICY' : 'MISSING_FIELD';
    add('missing field', `without ${field.name}`, { fields: without(upload, field.name) }, expect);
  }
  const key = upload.find((x) => same(x.name, 'key'))!;
  add(
    'field after file',
    'key after the file',
    { fields: [...without(upload, 'key'), { name: 'file', value: '' }, key] },
    'MISSING_FIELD',
  );
  add(
    'field after file',
    'an uncovered field after the file (ignored)',
    { fields: [...upload, { name: 'file', value: '' }, { name: 'submit', value: 'Upload' }] },
    'pass',
  );

  if (f.range) {
    const [min, max] = f.range;
    add('size', `${min - 1} bytes (min − 1)`, { fileSize: min - 1 }, 'ENTITY_TOO_SMALL');
    add('size', `${min} bytes (min)`, { fileSize: min }, 'pass');
    add('size', `${max} bytes (max)`, { fileSize: max }, 'pass');
    add('size', `${max + 1} bytes (max + 1)`, { fileSize: max + 1 }, 'ENTITY_TOO_LARGE');
  }

  add('expiry', 'one second after the expiration', { now: new Date(expiration.getTime() + 1000) }, 'POLICY_EXPIRED');
  add('expiry', 'at the expiration instant', { now: expiration }, 'pass');

  const doc = JSON.parse(f.form.policy!.json!) as unknown;
  add(
    'policy altered',
    're-serialised with 2-space indentation',
    { fields: set(upload, 'policy', Buffer.from(JSON.stringify(doc, null, 2)).toString('base64')) },
    'POLICY_ALTERED',
  );
  if (f.form.policy!.base64.includes('+'))
    add(
      'policy altered',
      '"+" turned into spaces',
      { fields: set(upload, 'policy', f.form.policy!.base64.replace(/\+/g, ' ')) },
      'POLICY_ALTERED',
    );
  add(
    'policy altered',
    'expiration moved a day later',
    {
      fields: set(
        upload,
        'policy',
        policyJsonEdited(f, (json) =>
          json.replace(
            f.form.policy!.expirationText!,
            new Date(expiration.getTime() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          ),
        ),
      ),
    },
    'WRONG_SECRET',
  );

  const flipped = signature.slice(0, 10) + (signature[10] === 'a' ? 'b' : 'a') + signature.slice(11);
  add('signature altered', 'one character changed', { fields: set(upload, signatureField, flipped) }, 'WRONG_SECRET');
  add(
    'signature altered',
    'cut by two characters',
    { fields: set(upload, signatureField, signature.slice(0, -2)) },
    'SIGNATURE_ALTERED',
  );
  if (f.form.signatureVersion === 'v4')
    add(
      'signature altered',
      'upper-case hex',
      { fields: set(upload, signatureField, signature.toUpperCase()) },
      'SIGNATURE_ALTERED',
    );

  add('other secret', 'checked with another secret', { secretAccessKey: `${f.secretAccessKey}x` }, 'WRONG_SECRET');
  if (f.form.credential) {
    const c = f.form.credential;
    const edited = `${c.accessKeyId}/${c.date}/ap-south-1/${c.service}/${c.terminator}`;
    add(
      'credential edited',
      'x-amz-credential region edited',
      { fields: set(upload, 'x-amz-credential', edited) },
      'REGION_MISMATCH',
    );
  }
  return out;
}

describe('mutations of valid uploads through SDK-made POST forms', () => {
  let mutations: Mutation[];
  before(async () => {
    mutations = (await formFixtures()).flatMap(mutationsOf);
    const kinds = new Map<string, { pass: number; fail: number }>();
    for (const m of mutations) {
      const k = kinds.get(m.kind) ?? { pass: 0, fail: 0 };
      if (m.expect === 'pass') k.pass++;
      else k.fail++;
      kinds.set(m.kind, k);
    }
    console.log(`      ${mutations.length} mutations:`);
    for (const [kind, n] of kinds) console.log(`        ${kind}: ${n.fail} must fail, ${n.pass} must pass`);
    const codes = new Map<string, number>();
    for (const m of mutations) codes.set(m.expect, (codes.get(m.expect) ?? 0) + 1);
    console.log(`      by expected verdict: ${[...codes].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  });

  it('cover every kind for every form', () => {
    assert.ok(mutations.length > 500, `${mutations.length}`);
  });

  it('pass exactly when S3 would accept, with the right code otherwise', () => {
    const wrong: string[] = [];
    for (const m of mutations) {
      const result = checkPostUpload(m.form, m.options);
      const codes = result.explanations.map((e) => e.code);
      if (m.expect === 'pass' ? !result.valid || codes.length > 0 : result.valid || !codes.includes(m.expect))
        wrong.push(`${m.name}: expected ${m.expect}, got ${result.valid ? 'valid' : codes.join(', ')}`);
    }
    assert.deepEqual(wrong, []);
  });
});
