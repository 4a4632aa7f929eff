import * as assert from 'node:assert/strict';
import { redactSessionTokens } from '../../../src/engine';
import { growth } from '../complexity';

const TOKEN = 'IQoJb3JpZ2luX2VjEHostTestToken+with/slashes==';
const hex = (text: string): string => Array.from(Buffer.from(text), (b) => b.toString(16).padStart(2, '0')).join(' ');

/** Every form the token takes in `text`, none of which may survive redaction. */
function forms(): string[] {
  return [
    TOKEN,
    encodeURIComponent(TOKEN),
    encodeURIComponent(encodeURIComponent(TOKEN)),
    hex(encodeURIComponent(TOKEN)),
    TOKEN.replace(/\//g, '\\/'),
    TOKEN.replace(/\+/g, '\\u002B').replace(/\//g, '\\u002F'),
    // What follows its first "/": a redaction that stops at an escape leaves this.
    TOKEN.slice(TOKEN.indexOf('/') + 1),
  ];
}

describe('redactSessionTokens', () => {
  const cases: Record<string, string> = {
    'a URL query': `https://b.s3.amazonaws.com/k?X-Amz-Date=1&X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Signature=ab`,
    'a URL inside another URL’s query': `https://app.example/login?next=${encodeURIComponent(`https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Signature=ab`)}`,
    'a JSON-escaped URL': `{"u":"https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${encodeURIComponent(TOKEN)}\\u0026X-Amz-Signature=ab"}`,
    'a canonical header line': `GET\n/k\n\nhost:b\nx-amz-security-token:${TOKEN}\n\nhost;x-amz-security-token`,
    'an ExpiredToken error': `<Error><Code>ExpiredToken</Code><Token-0>${TOKEN}</Token-0></Error>`,
    'S3’s byte list of a canonical request': `<CanonicalRequestBytes>${hex(`GET\n/k\nX-Amz-Security-Token=${encodeURIComponent(TOKEN)}\n`)}</CanonicalRequestBytes>`,
    'POST fields as JSON': `{"url":"https://b.s3.amazonaws.com/","fields":{"key":"k","X-Amz-Security-Token":"${TOKEN}"}}`,
    'POST fields as a Python dict': `{'fields': {'key': 'k', 'x-amz-security-token': '${TOKEN}'}}`,
    'an HTML form': `<form><input type="hidden" name="x-amz-security-token" value="${TOKEN}"></form>`,
    'curl form arguments': `curl -F key=k --form-string x-amz-security-token=${TOKEN} -F file=@a`,
    'POST fields as PHP’s json_encode writes them ("/" as "\\/")': `{"fields":{"x-amz-security-token":"${TOKEN.replace(/\//g, '\\/')}"}}`,
    'POST fields as .NET writes them ("+" as "\\u002B")': `{"x-amz-security-token":"${TOKEN.replace(/\+/g, '\\u002B')}"}`,
    'a token condition with "\\u002F" escapes': `["eq","$x-amz-security-token","${TOKEN.replace(/\//g, '\\u002F')}"]`,
    'an HTML input with a ">" in an attribute before its value': `<input name="x-amz-security-token" data-x="a>b" value="${TOKEN}">`,
    'an HTML input with its value before its name': `<input value="${TOKEN}" type="hidden" name="X-Amz-Security-Token">`,
    'S3’s echo of a failed token condition': `<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["eq", "$x-amz-security-token", "${TOKEN}"]</Message></Error>`,
    'a policy’s token condition, JSON-escaped in a string': `{"message":"Policy Condition failed: [\\"eq\\", \\"$x-amz-security-token\\", \\"${TOKEN.replace(/\//g, '\\/')}\\"]"}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`leaves no trace of the token in ${name}`, () => {
      const out = redactSessionTokens(text);
      for (const form of forms()) assert.ok(!out.includes(form), `${name}: ${out}`);
      // A byte list stays a byte list, spelling the redaction.
      const readable = out.replace(/[0-9a-f]{2}(?: [0-9a-f]{2})+/g, (run) =>
        Buffer.from(run.replace(/ /g, ''), 'hex').toString(),
      );
      assert.match(readable, /REDACTED\(\d+ chars\)/, out);
    });
  }

  it('stays linear on inputs that open many tags or quotes and never close them', () => {
    // Each opens what a pattern reads on: a tag, a quoted attribute, a condition's value. At most one match
    // per input, so the work measured is the reading, not the building of replacements.
    const inputs: Record<string, (n: number) => string> = {
      'inputs without ">"': (n) => '<input name="x-amz-security-token" value='.repeat(n),
      'an attribute whose quote never closes': (n) =>
        `<input name="x-amz-security-token" data-x="${'<input '.repeat(n)}`,
      'a condition value that never closes': (n) => `["eq", "$x-amz-security-token", "${'\\/\\u002B'.repeat(n)}`,
      'conditions that never reach their value': (n) => '["eq", "$x-amz-security-token" \\/ '.repeat(n),
    };
    // n and 4n: linear work grows about 4-fold, quadratic 16-fold.
    for (const [name, make] of Object.entries(inputs)) {
      const g = growth(make, (t) => redactSessionTokens(t), 20_000, 1, 4);
      assert.ok(g.ratio < 8, `${name}: ${g.single.toFixed(2)} ms for n, ${g.double.toFixed(2)} ms for 4n`);
    }
  });

  it('leaves the value of a field whose name only starts like the token’s', () => {
    const text = '<input name="x-amz-security-token-hint" value="kept-text">';
    assert.equal(redactSessionTokens(text), text);
  });

  it('returns text without a token as it is', () => {
    const text = 'GET\n/k\nX-Amz-Date=20260314T150926Z\nhost:b\n\nhost\nUNSIGNED-PAYLOAD ' + hex('no secret here');
    assert.equal(redactSessionTokens(text), text);
  });

  it('takes time linear in the text, tokens or not (doubling the input at most doubles the work)', () => {
    const unit = `${cases['a URL query']} ${cases['S3’s byte list of a canonical request']} name="x-amz-security-token" ${'a'.repeat(500)}`;
    const time = (n: number): number => {
      const text = unit.repeat(n);
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        redactSessionTokens(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(50);
    const single = time(200);
    const double = time(400);
    assert.ok(double < single * 3, `200 units ${single.toFixed(2)} ms, 400 units ${double.toFixed(2)} ms`);
  });
});
