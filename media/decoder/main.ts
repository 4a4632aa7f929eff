// The decoder page. Everything derived from the URL reaches the DOM through textContent (el() below),
// never through innerHTML: a key such as `<script>"'` shows as text.
import type {
  DecoderView,
  DiffLineView,
  ExplainView,
  FieldView,
  PageState,
  SignatureView,
  ToHost,
  ToPage,
  TryView,
  VerifyView,
} from '../../src/decoder/protocol';
import { redactSessionTokens } from '../../src/engine/redact';
import { button, el, explanations, findingsSection, icon, resultArea, SEVERITY_ICONS, withId, type Child } from './dom';
import { expiryWords, validityWords } from '../../src/engine/time';

interface VsCodeApi {
  postMessage(message: ToHost): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PageState | undefined = vscode.getState();
let view: DecoderView | undefined;

const save = (patch: Partial<PageState>): void => {
  if (!view) return;
  state = { ...state, ...patch, url: view.url };
  vscode.setState(state);
};
/** Asks the host, clearing the answer it replaces so that no stale answer stays on screen meanwhile. */
function ask(message: ToHost, resultId: string, waiting: string): void {
  document.getElementById(resultId)?.replaceChildren(el('p', { class: 'loading' }, waiting));
  vscode.postMessage(message);
}

function countdownText(): string {
  return view?.expiresAt ? expiryWords(new Date(view.expiresAt), new Date()) : '';
}

function field(f: FieldView): HTMLElement {
  const value = el('span', { class: 'value', id: `value-${f.id}` }, f.value);
  const extra: Child[] = [];
  if (f.raw !== undefined) {
    const raw = el('code', { class: 'raw', id: `raw-${f.id}`, hidden: '' }, f.raw);
    if (state?.showRawKey) raw.removeAttribute('hidden');
    extra.push(
      button(
        'raw form',
        'code',
        () => {
          raw.toggleAttribute('hidden');
          save({ showRawKey: !raw.hasAttribute('hidden') });
        },
        'Show the key as it is written in the URL',
      ),
      raw,
    );
  }
  if (f.id === 'token') {
    extra.push(
      button(
        'reveal',
        'eye',
        () => vscode.postMessage({ type: 'revealToken' }),
        'Show the session token (it grants access with the URL)',
      ),
    );
  }
  if (f.id === 'signedAt' && view?.signedAt)
    extra.push(el('span', { class: 'local' }, `local: ${new Date(view.signedAt).toLocaleString()}`));
  if (f.id === 'expiresAt' && view?.expiresAt) {
    extra.push(
      el('span', { class: 'local' }, `local: ${new Date(view.expiresAt).toLocaleString()}`),
      el('span', { class: 'countdown', id: 'countdown', role: 'timer' }, countdownText()),
    );
  }
  return el(
    'div',
    { class: `field${f.flag ? ` flag-${f.flag}` : ''}`, id: `field-${f.id}` },
    el('dt', {}, f.flag ? icon(SEVERITY_ICONS[f.flag]!) : undefined, ` ${f.label}`),
    el('dd', {}, value, ...extra, el('div', { class: 'meaning' }, f.meaning)),
  );
}

function diffBlock(lines: readonly DiffLineView[], caption: string): HTMLElement {
  const pre = el('pre', { class: 'diff', 'aria-label': caption });
  for (const line of lines) {
    const mark = line.kind === 'same' ? '  ' : line.kind === 'expected' ? '− ' : '+ ';
    pre.append(el('span', { class: `line ${line.kind}` }, mark + line.text), '\n');
  }
  return pre;
}

/** Two columns: what the URL implies (expected) and what S3 received, aligned. */
function sideBySide(lines: readonly DiffLineView[], left: string, right: string): HTMLElement {
  const table = el(
    'table',
    { class: 'side-by-side' },
    el('thead', {}, el('tr', {}, el('th', {}, left), el('th', {}, right))),
  );
  const body = el('tbody');
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    if (line.kind === 'same') {
      body.append(el('tr', { class: 'same' }, el('td', {}, line.text), el('td', {}, line.text)));
      i++;
      continue;
    }
    const expected: string[] = [];
    const received: string[] = [];
    while (i < lines.length && lines[i]!.kind !== 'same') {
      (lines[i]!.kind === 'expected' ? expected : received).push(lines[i]!.text);
      i++;
    }
    for (let k = 0; k < Math.max(expected.length, received.length); k++) {
      body.append(
        el(
          'tr',
          { class: 'changed' },
          el('td', { class: 'expected' }, expected[k] ?? ''),
          el('td', { class: 'received' }, received[k] ?? ''),
        ),
      );
    }
  }
  table.append(body);
  return table;
}

function renderVerify(result: VerifyView | undefined, error: string | undefined): void {
  const out = resultArea('verify-result', error);
  if (!out || !result) return;
  out.append(
    el(
      'p',
      { class: `verdict ${result.valid ? 'ok' : 'error'}`, id: 'verify-verdict' },
      icon(result.valid ? 'pass' : 'error'),
      result.valid
        ? ` Valid: the signature matches for ${result.method} with the secret of ${result.profile}.`
        : ` Invalid for ${result.method} with the secret of ${result.profile}.`,
    ),
  );
  if (!result.valid) out.append(explanations(result.explanations));
  if (result.canonicalRequest)
    out.append(
      el('h4', {}, 'Canonical request', el('span', { class: 'legend' }, ' (− as signed, + as sent)')),
      diffBlock(result.canonicalRequest, 'Canonical request'),
    );
  out.append(el('h4', {}, 'String to sign'), diffBlock(result.stringToSign, 'String to sign'));
  out.append(
    el(
      'p',
      { class: 'signatures' },
      `Computed ${result.computedSignature ?? ''} · in the URL ${result.providedSignature ?? '(none)'}`,
    ),
  );
}

function renderExplain(result: ExplainView | undefined, error: string | undefined): void {
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
  if (result.canonicalRequest)
    out.append(
      el('h4', {}, 'Canonical request'),
      sideBySide(result.canonicalRequest, 'The URL implies', 'S3 received'),
    );
  if (result.stringToSign)
    out.append(el('h4', {}, 'String to sign'), sideBySide(result.stringToSign, 'The URL implies', 'S3 used'));
}

function renderTry(result: TryView): void {
  const out = resultArea(
    'try-result',
    result.failure && `${result.method}: ${result.failure} (${result.milliseconds} ms)`,
  );
  if (!out) return;
  const ok = (result.status ?? 500) < 300;
  out.append(
    el(
      'p',
      { class: `verdict ${ok ? 'ok' : 'error'}`, id: 'try-status' },
      icon(ok ? 'pass' : 'error'),
      ` ${result.method} answered ${result.status} ${result.statusText ?? ''} in ${result.milliseconds} ms${result.errorCode ? ` — ${result.errorCode}${result.errorMessage ? `: ${result.errorMessage}` : ''}` : ''}`,
    ),
    el('p', { class: 'meaning', id: 'try-host' }, `Sent to ${result.host}`),
  );
  if (result.explanations.length) out.append(explanations(result.explanations));
}

function render(v: DecoderView): void {
  view = v;
  save({});
  const app = document.getElementById('app')!;
  const profileSelect = el('select', {
    id: 'verify-profile',
    'aria-label': 'Profile whose secret verifies the signature',
  }) as HTMLSelectElement;
  for (const p of v.profiles)
    profileSelect.append(el('option', { value: p.name }, p.matches ? `${p.name} (its key signed this URL)` : p.name));
  if (state?.profile && v.profiles.some((p) => p.name === state!.profile)) profileSelect.value = state.profile;
  profileSelect.addEventListener('change', () => save({ profile: profileSelect.value }));
  const methodSelect = el('select', {
    id: 'verify-method',
    'aria-label': 'Method the client will use',
  }) as HTMLSelectElement;
  for (const m of ['GET', 'PUT', 'HEAD', 'DELETE', 'POST']) methodSelect.append(el('option', { value: m }, m));
  methodSelect.value = state?.method ?? v.methodHint ?? 'GET';
  methodSelect.addEventListener('change', () => save({ method: methodSelect.value }));
  const headers = el('textarea', {
    id: 'verify-headers',
    rows: '3',
    spellcheck: 'false',
    'aria-label': 'Headers the client will send, one per line',
    placeholder:
      v.signedHeaders
        .filter((h) => h !== 'host')
        .map((h) => `${h}: …`)
        .join('\n') || 'Name: value',
  }) as HTMLTextAreaElement;
  headers.value = state?.headers ?? '';
  // What is typed is kept across reloads, but never a session token (S3's ExpiredToken error echoes it).
  headers.addEventListener('input', () => save({ headers: redactSessionTokens(headers.value) }));
  const xml = el('textarea', {
    id: 'explain-xml',
    rows: '6',
    spellcheck: 'false',
    'aria-label': 'The error XML S3 returned',
    placeholder: '<Error><Code>SignatureDoesNotMatch</Code>…',
  }) as HTMLTextAreaElement;
  xml.value = state?.xml ?? '';
  xml.addEventListener('input', () => save({ xml: redactSessionTokens(xml.value) }));

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
      el('code', { class: 'url', id: 'url' }, v.url),
      el(
        'div',
        { class: 'toolbar', role: 'toolbar' },
        withId(
          'copy-url',
          button('Copy URL', 'copy', () => vscode.postMessage({ type: 'copy', what: 'url' })),
        ),
        withId(
          'copy-curl',
          button('Copy as curl', 'terminal', () => vscode.postMessage({ type: 'copy', what: 'curl' })),
        ),
        withId(
          'represign',
          button(
            'Re-presign',
            'refresh',
            () => vscode.postMessage({ type: 'represign' }),
            'Presign the same request again, with the same expiry length (you see what and with which profile first)',
          ),
        ),
        withId(
          'check-cors',
          button(
            'Check Browser Access (CORS)…',
            'globe',
            () => vscode.postMessage({ type: 'checkCors' }),
            'Will a web page at your origin be able to use this URL? Reads the bucket’s CORS rules with your profile',
          ),
        ),
        withId(
          'open-in-explorer',
          button('Open in Explorer', 'list-tree', () => vscode.postMessage({ type: 'openInExplorer' })),
        ),
      ),
      v.cleanups.length
        ? el('p', { class: 'cleanups' }, icon('info'), ` Read as: ${v.cleanups.join('; ')}.`)
        : undefined,
    ),
    findingsSection(v.findings),
    ...v.sections.map((s) =>
      el('section', { class: 'fields' }, el('h2', {}, s.title), el('dl', {}, ...s.fields.map(field))),
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
            el('label', {}, 'Method ', methodSelect),
            el('label', { class: 'wide' }, 'Headers the client sends', headers),
            button('Verify', 'shield', () =>
              ask(
                { type: 'verify', profile: profileSelect.value, method: methodSelect.value, headers: headers.value },
                'verify-result',
                'Verifying…',
              ),
            ),
          )
        : el(
            'p',
            { class: 'none' },
            v.signatureVersion === 'v4a'
              ? 'SigV4a signatures cannot be verified here.'
              : 'Decode the URL again to verify it.',
          ),
      el('div', { id: 'verify-result', 'aria-live': 'polite' }),
    ),
    el(
      'section',
      { id: 'explain' },
      el('h2', {}, 'S3 said…'),
      el('label', { class: 'wide' }, 'Paste the error XML S3 returned', xml),
      button('Explain', 'question', () =>
        ask(
          { type: 'explain', xml: xml.value, profile: v.canVerify ? profileSelect.value : undefined },
          'explain-result',
          'Reading S3’s answer…',
        ),
      ),
      el('div', { id: 'explain-result', 'aria-live': 'polite' }),
    ),
    el(
      'section',
      { id: 'try' },
      el('h2', {}, 'Try it'),
      el(
        'p',
        { class: 'meaning' },
        'Sends one real request to the URL, only when you ask, and only one that changes nothing.',
      ),
      ...v.tryMethods.map((method) => {
        const b = button(method === 'GET' ? 'GET the first byte' : 'HEAD', 'debug-start', () =>
          ask({ type: 'try', method }, 'try-result', `Sending ${method}…`),
        );
        b.id = `try-${method.toLowerCase()}`;
        return b;
      }),
      v.tryRefusal ? el('p', { class: 'none', id: 'try-refusal' }, icon('info'), ` ${v.tryRefusal}`) : undefined,
      el('div', { id: 'try-result', 'aria-live': 'polite' }),
    ),
  );
  app.removeAttribute('aria-busy');
  tick();
}

window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'view':
      render(msg.view);
      break;
    case 'verify':
      renderVerify(msg.result, msg.error);
      break;
    case 'explain':
      renderExplain(msg.result, msg.error);
      break;
    case 'try':
      renderTry(msg.result);
      break;
    case 'signature':
      renderSignature(msg.signature);
      break;
    case 'token': {
      const value = document.getElementById('value-token');
      if (value) value.textContent = msg.token;
      break;
    }
  }
});

/** The signature's state, once checked: a signature that does not match outweighs the time left. */
let signatureState: SignatureView['state'] | undefined;

/** The signature line of the headline; a signature that does not match is a finding too. */
function renderSignature(signature: SignatureView): void {
  signatureState = signature.state;
  tick();
  const line = document.getElementById('signature-status');
  if (!line) return;
  const look = { valid: ['ok', 'pass'], invalid: ['error', 'error'], unchecked: ['unchecked', 'info'] } as const;
  const [cls, codicon] = look[signature.state];
  line.className = `signature ${cls}`;
  line.replaceChildren(icon(codicon), ` ${signature.text}`);
  document.getElementById('signature-finding')?.remove();
  const findings = document.getElementById('findings');
  if (signature.state === 'invalid' && findings && view) {
    const first = signature.explanations[0];
    const item = el(
      'div',
      { class: 'group error', id: 'signature-finding' },
      el('h3', {}, icon('error'), ' Signature'),
      el(
        'ul',
        {},
        el(
          'li',
          { class: 'finding error', 'data-code': first?.code ?? 'SIGNATURE' },
          el('span', { class: 'badge' }, first?.code ?? 'SIGNATURE'),
          ` ${signature.text}`,
        ),
      ),
    );
    findings.querySelector('h2')?.after(item);
    findings.querySelector('p.none')?.remove();
  }
  const count = view ? view.findings.length + (signature.state === 'invalid' ? 1 : 0) : 0;
  const heading = findings?.querySelector('h2');
  if (heading) heading.textContent = `Findings (${count})`;
}

/**
 * The headline and the countdown say how long the URL lasts, second by second, and the headline turns red
 * once the URL expires: only their text changes, nothing is rendered again.
 */
function tick(): void {
  const text = countdownText();
  const field = document.getElementById('countdown');
  if (field && field.textContent !== text) field.textContent = text;
  const verdict = document.getElementById('verdict');
  if (!verdict || !view) return;
  const headline = view.headline;
  const expiresAt = view.expiresAt === undefined ? undefined : new Date(view.expiresAt);
  const expired = expiresAt !== undefined && expiresAt.getTime() <= Date.now();
  const refused = signatureState === 'invalid';
  const severity =
    headline.finding !== undefined ? headline.severity : expired || refused ? 'error' : headline.severity;
  const words =
    headline.finding ??
    (refused
      ? 'S3 refuses this URL: its signature does not match'
      : [validityWords(expiresAt, new Date()), ...headline.details].join(' — '));
  if (verdict.textContent !== ` ${words}`) verdict.replaceChildren(icon(SEVERITY_ICONS[severity]!), ` ${words}`);
  verdict.className = `verdict ${severity}`;
}
setInterval(tick, 1000);

vscode.postMessage({ type: 'ready' });
