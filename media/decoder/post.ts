// The decoder page of a presigned POST form: the verdict with the policy's expiry live, the signature, the
// findings, the fields a client sends (editable, to check a submission) with each failing condition shown
// beside the field's value, the conditions with what each allows, S3's answer explained, the policy
// decoded. Everything from the form reaches the DOM as text (dom.ts).
import type {
  CheckView,
  PostDecoderView,
  PostExplainView,
  SubmittedField,
  ToPostHost,
  ToPostPage,
} from '../../src/decoder/postProtocol';
import type { SignatureView } from '../../src/decoder/protocol';
import { redactSessionTokens } from '../../src/engine/redact';
import { expiryWords, validityWords } from '../../src/engine/time';
import { button, el, explanations, findingsSection, icon, resultArea, SEVERITY_ICONS, withId } from './dom';

/** What the page keeps while hidden: what was typed (never a session token). */
interface PostPageState {
  readonly kind: 'post';
  readonly fields?: readonly SubmittedField[];
  readonly fileSize?: string;
  readonly fileName?: string;
  readonly xml?: string;
}

interface VsCodeApi {
  postMessage(message: ToPostHost): void;
  getState(): PostPageState | undefined;
  setState(state: PostPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PostPageState = vscode.getState() ?? { kind: 'post' };
let view: PostDecoderView | undefined;
let signatureState: SignatureView['state'] | undefined;

const save = (patch: Partial<PostPageState>): void => {
  state = { ...state, ...patch, kind: 'post' };
  vscode.setState(state);
};

function input(id: string, value: string, label: string, placeholder = ''): HTMLInputElement {
  const box = el('input', {
    id,
    type: 'text',
    spellcheck: 'false',
    'aria-label': label,
    placeholder,
  }) as HTMLInputElement;
  box.value = value;
  return box;
}

/** The rows of the fields table: the form's fields, then those added here. */
interface FieldRow {
  readonly name: () => string;
  readonly value: () => string;
}
let rows: FieldRow[] = [];

function submitted(): SubmittedField[] {
  return rows.map((r) => ({ name: r.name(), value: r.value() })).filter((f) => f.name !== '');
}

function saveFields(): void {
  save({ fields: submitted().map((f) => ({ name: f.name, value: redactSessionTokens(f.value) })) });
}

const fileSize = (): HTMLInputElement => document.getElementById('file-size') as HTMLInputElement;
const fileName = (): HTMLInputElement => document.getElementById('file-name') as HTMLInputElement;

function ask(message: ToPostHost, resultId: string, waiting: string): void {
  document.getElementById(resultId)?.replaceChildren(el('p', { class: 'loading' }, waiting));
  vscode.postMessage(message);
}

function fieldRow(name: string, value: string, editable: boolean, meaning: string, setBy?: string): HTMLElement {
  const lower = name.toLowerCase();
  const valueCell = editable
    ? input(`field-${lower}`, state.fields?.find((f) => f.name === name)?.value ?? value, `Value of ${name}`)
    : el('span', { class: 'value', id: `field-${lower}` }, value);
  if (valueCell instanceof HTMLInputElement) valueCell.addEventListener('input', saveFields);
  rows.push({ name: () => name, value: () => (valueCell instanceof HTMLInputElement ? valueCell.value : value) });
  return el(
    'tr',
    { 'data-field': lower },
    el(
      'th',
      { scope: 'row' },
      el('code', {}, name),
      el('div', { class: 'meaning' }, setBy ? `Set by the uploader: it ${setBy}` : meaning),
    ),
    el('td', {}, valueCell),
    el('td', { class: 'check-note', 'aria-live': 'polite' }),
  );
}

function addedRow(body: HTMLElement, name = '', value = ''): void {
  const nameBox = input('', name, 'Name of an added field', 'x-amz-meta-…');
  const valueBox = input('', value, 'Value of the added field');
  nameBox.removeAttribute('id');
  valueBox.removeAttribute('id');
  for (const box of [nameBox, valueBox]) box.addEventListener('input', saveFields);
  const row = el(
    'tr',
    { class: 'added', 'data-field': '' },
    el('th', { scope: 'row' }, nameBox),
    el('td', {}, valueBox),
    el('td', { class: 'check-note', 'aria-live': 'polite' }),
  );
  nameBox.addEventListener('input', () => row.setAttribute('data-field', nameBox.value.toLowerCase()));
  rows.push({ name: () => nameBox.value.trim(), value: () => valueBox.value });
  body.append(row);
}

function renderCheck(result: CheckView | undefined, error: string | undefined): void {
  if (!view) return;
  for (const note of document.querySelectorAll('.check-note')) note.replaceChildren();
  for (const cell of document.querySelectorAll('.condition-status')) cell.replaceChildren();
  const out = resultArea('check-result', error);
  if (!out || !result) return;
  out.append(
    el(
      'p',
      { class: `verdict ${result.accepted ? (result.decided ? 'ok' : 'info') : 'error'}`, id: 'check-verdict' },
      icon(result.accepted ? (result.decided ? 'pass' : 'info') : 'error'),
      ` ${result.verdict}`,
    ),
  );
  if (result.explanations.length) out.append(explanations(result.explanations));
  for (const c of result.conditions) {
    const condition = view.conditions.find((v) => v.index === c.index);
    const status = document.getElementById(`condition-${c.index}-status`);
    status?.replaceChildren(
      icon(c.status === 'pass' ? 'pass' : c.status === 'fail' ? 'error' : 'question'),
      ` ${c.reason}`,
    );
    status?.setAttribute('class', `condition-status ${c.status}`);
    if (c.status !== 'fail') continue;
    // The broken condition beside the value of the field it names.
    const name = (c.field ?? condition?.field ?? '').toLowerCase();
    const note =
      document.querySelector(`tr[data-field="${CSS.escape(name)}"] .check-note`) ??
      (name === '' ? document.getElementById('file-note') : undefined);
    note?.append(
      el(
        'div',
        { class: 'broken' },
        icon('error'),
        ' ',
        el('code', {}, condition?.text ?? ''),
        el('div', {}, c.reason),
      ),
    );
  }
  // A field no condition names (Extra input fields): beside its value too.
  for (const e of result.explanations) {
    if (e.code !== 'EXTRA_INPUT_FIELD' || !e.field) continue;
    document
      .querySelector(`tr[data-field="${CSS.escape(e.field.toLowerCase())}"] .check-note`)
      ?.append(
        el(
          'div',
          { class: 'broken' },
          icon('error'),
          ` No condition names this field: S3 answers "Extra input fields: ${e.field}".`,
        ),
      );
  }
}

function renderExplain(result: PostExplainView | undefined, error: string | undefined): void {
  const out = resultArea('explain-result', error);
  if (!out || !result) return;
  out.append(
    el(
      'p',
      { class: 'verdict warning', id: 'explain-code' },
      icon('warning'),
      ` ${result.errorCode}: ${result.message}`,
    ),
    explanations(result.explanations),
  );
  if (result.condition || result.field)
    out.append(
      el(
        'dl',
        { class: 'explain-where' },
        result.condition
          ? el(
              'div',
              { class: 'field' },
              el('dt', {}, 'Condition'),
              el('dd', {}, el('code', { id: 'explain-condition' }, result.condition)),
            )
          : undefined,
        result.field
          ? el(
              'div',
              { class: 'field' },
              el('dt', {}, 'Field'),
              el(
                'dd',
                {},
                el(
                  'code',
                  { id: 'explain-field' },
                  result.value === undefined ? result.field : `${result.field} = ${JSON.stringify(result.value)}`,
                ),
              ),
            )
          : undefined,
      ),
    );
}

function renderSignature(signature: SignatureView): void {
  signatureState = signature.state;
  tick();
  const line = document.getElementById('signature-status');
  if (!line) return;
  const look = { valid: ['ok', 'pass'], invalid: ['error', 'error'], unchecked: ['unchecked', 'info'] } as const;
  const [cls, codicon] = look[signature.state];
  line.className = `signature ${cls}`;
  line.replaceChildren(icon(codicon), ` ${signature.text}`);
  const out = document.getElementById('verify-result');
  out?.replaceChildren(...(signature.state === 'invalid' ? [explanations(signature.explanations)] : []));
}

function render(v: PostDecoderView): void {
  view = v;
  rows = [];
  const app = document.getElementById('app')!;
  const fieldsBody = el('tbody');
  for (const f of v.fields) fieldsBody.append(fieldRow(f.name, f.value, f.editable, f.meaning, f.setBy));
  for (const f of state.fields ?? [])
    if (!v.fields.some((x) => x.name === f.name)) addedRow(fieldsBody, f.name, f.value);
  const size = input('file-size', state.fileSize ?? '', 'Size of the file', 'bytes, or 10MB, 5MiB');
  const name = input('file-name', state.fileName ?? '', 'Name of the file', 'photo.jpg (fills ${filename})');
  size.addEventListener('input', () => save({ fileSize: size.value }));
  name.addEventListener('input', () => save({ fileName: name.value }));
  const profileSelect = el('select', {
    id: 'verify-profile',
    'aria-label': 'Profile whose secret verifies the signature',
  }) as HTMLSelectElement;
  for (const p of v.profiles)
    profileSelect.append(el('option', { value: p.name }, p.matches ? `${p.name} (its key signed this form)` : p.name));
  const xml = el('textarea', {
    id: 'explain-xml',
    rows: '6',
    spellcheck: 'false',
    'aria-label': 'The error XML S3 returned',
    placeholder: '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: …',
  }) as HTMLTextAreaElement;
  xml.value = state.xml ?? '';
  xml.addEventListener('input', () => save({ xml: redactSessionTokens(xml.value) }));
  const check = (): void =>
    ask(
      { type: 'check', fields: submitted(), fileSize: fileSize().value, fileName: fileName().value },
      'check-result',
      'Checking…',
    );

  app.replaceChildren(
    el(
      'header',
      {},
      el('p', { class: `verdict ${v.headline.severity}`, id: 'verdict', role: 'timer', 'aria-live': 'off' }),
      el(
        'p',
        { class: 'signature unchecked', id: 'signature-status', 'aria-live': 'polite' },
        icon('loading'),
        v.canVerify ? ' Checking the signature…' : ' Signature not checked',
      ),
      v.url ? el('code', { class: 'url', id: 'url' }, v.url) : undefined,
      el(
        'div',
        { class: 'toolbar', role: 'toolbar' },
        withId(
          'copy-json',
          button('Copy as JSON', 'json', () => vscode.postMessage({ type: 'copy', what: 'json' })),
        ),
        withId(
          'copy-html',
          button('Copy as HTML form', 'code', () => vscode.postMessage({ type: 'copy', what: 'html' })),
        ),
        withId(
          'copy-fetch',
          button('Copy as fetch()', 'globe', () => vscode.postMessage({ type: 'copy', what: 'fetch' })),
        ),
        withId(
          'copy-curl',
          button('Copy as curl', 'terminal', () => vscode.postMessage({ type: 'copy', what: 'curl' })),
        ),
      ),
    ),
    findingsSection(v.findings),
    el(
      'section',
      { class: 'fields' },
      el('h2', {}, 'The form'),
      el(
        'dl',
        {},
        ...v.summary.map((s) =>
          el(
            'div',
            { class: 'field' },
            el('dt', {}, s.label),
            el(
              'dd',
              {},
              el('span', { class: 'value' }, s.value),
              s.label === 'Expires' && v.expiresAt
                ? el('span', { class: 'countdown', id: 'countdown', role: 'timer' })
                : undefined,
            ),
          ),
        ),
      ),
    ),
    el(
      'section',
      { id: 'check' },
      el('h2', {}, 'Check a submission'),
      el(
        'p',
        { class: 'meaning' },
        'The fields a client sends, before the file, as the form has them: change a value, add a field, give the file, and check it against the policy as S3 does (names compared without case, values exactly).',
      ),
      el(
        'table',
        { class: 'post-fields' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Field'), el('th', {}, 'Value sent'), el('th', {}, 'Check'))),
        fieldsBody,
      ),
      button('Add a field', 'add', () => {
        addedRow(fieldsBody);
      }),
      el(
        'div',
        { class: 'form' },
        el('label', {}, 'File size ', size),
        el('label', {}, 'File name ', name),
        el('span', { class: 'check-note', id: 'file-note', 'aria-live': 'polite' }),
      ),
      withId('check-button', button('Check', 'checklist', check)),
      el('div', { id: 'check-result', 'aria-live': 'polite' }),
    ),
    el(
      'section',
      { id: 'conditions' },
      el('h2', {}, `Policy conditions (${v.conditions.length})`),
      el(
        'table',
        { class: 'post-conditions' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Condition'), el('th', {}, 'Allows'), el('th', {}, 'Submission'))),
        el(
          'tbody',
          {},
          ...v.conditions.map((c) =>
            el(
              'tr',
              { id: `condition-${c.index}` },
              el('td', {}, el('code', {}, c.text)),
              el('td', {}, c.allows),
              el('td', { class: 'condition-status', id: `condition-${c.index}-status` }),
            ),
          ),
        ),
      ),
    ),
    el(
      'section',
      { id: 'verify' },
      el('h2', {}, 'Verify the signature'),
      v.canVerify
        ? el(
            'div',
            { class: 'form' },
            el('label', {}, 'Profile ', profileSelect),
            button('Verify', 'shield', () => vscode.postMessage({ type: 'verify', profile: profileSelect.value })),
          )
        : el('p', { class: 'none' }, 'The form has no policy or no signature: there is nothing to verify.'),
      el('div', { id: 'verify-result', 'aria-live': 'polite' }),
    ),
    el(
      'section',
      { id: 'explain' },
      el('h2', {}, 'S3 said…'),
      el(
        'label',
        { class: 'wide' },
        'Paste the error XML S3 returned to the upload (the fields above are taken as what was sent)',
        xml,
      ),
      button('Explain', 'question', () =>
        ask(
          {
            type: 'explain',
            xml: xml.value,
            fields: submitted(),
            fileSize: fileSize().value,
            fileName: fileName().value,
          },
          'explain-result',
          'Reading S3’s answer…',
        ),
      ),
      el('div', { id: 'explain-result', 'aria-live': 'polite' }),
    ),
    el(
      'section',
      { id: 'policy' },
      el('h2', {}, 'The policy, decoded'),
      v.policyJson
        ? el('pre', { class: 'diff', id: 'policy-json' }, v.policyJson)
        : el('p', { class: 'none' }, 'The policy could not be decoded (see the findings).'),
    ),
  );
  app.removeAttribute('aria-busy');
  tick();
}

/** The headline and the countdown follow the clock; the headline turns red once the policy expires. */
function tick(): void {
  if (!view) return;
  const expiresAt = view.expiresAt === undefined ? undefined : new Date(view.expiresAt);
  const countdown = document.getElementById('countdown');
  const left = expiresAt ? expiryWords(expiresAt, new Date()) : '';
  if (countdown && countdown.textContent !== left) countdown.textContent = left;
  const verdict = document.getElementById('verdict');
  if (!verdict) return;
  const expired = expiresAt !== undefined && expiresAt.getTime() <= Date.now();
  const refused = signatureState === 'invalid';
  const severity = expired || refused ? 'error' : view.headline.severity;
  const words = refused
    ? 'S3 refuses this form: its signature does not match'
    : [expiresAt ? validityWords(expiresAt, new Date()) : 'No expiration could be read', ...view.headline.details].join(
        ' — ',
      );
  if (verdict.textContent !== ` ${words}`) verdict.replaceChildren(icon(SEVERITY_ICONS[severity]!), ` ${words}`);
  verdict.className = `verdict ${severity}`;
}
setInterval(tick, 1000);

window.addEventListener('message', (event: MessageEvent<ToPostPage>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'view':
      render(msg.view);
      break;
    case 'check':
      renderCheck(msg.result, msg.error);
      break;
    case 'explain':
      renderExplain(msg.result, msg.error);
      break;
    case 'signature':
      renderSignature(msg.signature);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
