// The client code for a presigned POST form: an HTML form, fetch() with FormData, and curl. Every field
// goes before the file (S3 ignores fields after it). curl gets `--form-string` for the fields: `-F` reads
// a leading @ or <, and `;type=`/`;filename=` inside a value, as instructions (outline/outline#13595).
// Fields the policy requires but the form lacks (a Content-Type the uploader must choose) are added with
// a placeholder that meets the condition and is marked for the user to set.
import { keyFileName, shellQuote } from '../snippets';
import type { PostField, PostForm } from './model';
import { fieldValue } from './parse';
import { redactForm } from './redact';
import { FILENAME_VARIABLE, isMatchCondition } from './rules';

export interface PostSnippetOptions {
  /** The file to upload (curl's -F file=@…); default the key's last part, else "file". */
  readonly filePath?: string;
  /** Show session tokens redacted: for display, not for running. */
  readonly redactTokens?: boolean;
}

export interface SnippetField extends PostField {
  /** Why the user must set this value (a field the policy requires that the form lacks). */
  readonly setBy?: string;
}

/** The fields a client sends, in order: the form's own, then those the policy requires that it lacks. */
export function postSnippetFields(form: PostForm): SnippetField[] {
  const out: SnippetField[] = form.fields.map((f) => ({ name: f.name, value: f.value }));
  for (const c of form.policy?.conditions.filter(isMatchCondition) ?? []) {
    if (c.field.toLowerCase() === 'bucket' || fieldValue(out, c.field) !== undefined) continue;
    out.push(
      c.type === 'eq'
        ? { name: c.field, value: c.value }
        : { name: c.field, value: `${c.value}<set me>`, setBy: `must start with ${JSON.stringify(c.value)}` },
    );
  }
  return out;
}

function defaultFilePath(form: PostForm): string {
  const key = fieldValue(form.fields, 'key');
  return key === undefined || key.includes(FILENAME_VARIABLE) ? 'file' : keyFileName(key);
}

const htmlAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function shown(form: PostForm, options: PostSnippetOptions): (text: string) => string {
  return options.redactTokens ? (text) => redactForm(text, form) : (text) => text;
}

export function postHtmlForm(form: PostForm, options: PostSnippetOptions = {}): string {
  const show = shown(form, options);
  const lines = [
    `<form action="${htmlAttribute(show(form.url ?? '<the form URL>'))}" method="post" enctype="multipart/form-data">`,
  ];
  for (const f of postSnippetFields(form)) {
    if (f.setBy) lines.push(`  <!-- Set ${htmlAttribute(f.name)}: it ${htmlAttribute(f.setBy)}. -->`);
    lines.push(`  <input type="hidden" name="${htmlAttribute(f.name)}" value="${htmlAttribute(show(f.value))}" />`);
  }
  lines.push(
    '  <!-- The file goes last: S3 ignores fields after it. -->',
    '  <input type="file" name="file" />',
    '  <button type="submit">Upload</button>',
    '</form>',
  );
  return lines.join('\n');
}

export function postFetchCall(form: PostForm, options: PostSnippetOptions = {}): string {
  const show = shown(form, options);
  const lines = ['const form = new FormData();'];
  for (const f of postSnippetFields(form)) {
    const value = f.setBy && f.name.toLowerCase() === 'content-type' ? 'file.type' : JSON.stringify(show(f.value));
    lines.push(`form.append(${JSON.stringify(f.name)}, ${value});${f.setBy ? ` // ${f.setBy}` : ''}`);
  }
  lines.push(
    'form.append("file", file); // last; a File (its name fills ${filename}) or a Blob',
    `const response = await fetch(${JSON.stringify(show(form.url ?? '<the form URL>'))}, { method: "POST", body: form });`,
    'if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);',
  );
  return lines.join('\n');
}

/** curl's -F file name: quoted when it holds characters -F would read as separators. */
function curlFileSpec(path: string): string {
  return /[;,"\\]/.test(path) ? `file=@"${path.replace(/["\\]/g, '\\$&')}"` : `file=@${path}`;
}

export function postCurlCommand(form: PostForm, options: PostSnippetOptions = {}): string {
  const show = shown(form, options);
  const fields = postSnippetFields(form);
  const comments = fields.filter((f) => f.setBy).map((f) => `# Set ${f.name}: it ${f.setBy}.`);
  const parts = [
    'curl --fail-with-body',
    ...fields.map((f) => `--form-string ${shellQuote(`${f.name}=${show(f.value)}`)}`),
    `-F ${shellQuote(curlFileSpec(options.filePath ?? defaultFilePath(form)))}`,
    shellQuote(show(form.url ?? '<the form URL>')),
  ];
  return [...comments, parts.join(' \\\n  ')].join('\n');
}
