import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { curlCommand, escapeControlCharacters, headerProblem, keyFileName, terminalText } from '../../../src/engine';

/** Every code point a terminal may act on: C0, DEL, C1. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
].map((c) => String.fromCharCode(c));

const rawControls = (text: string): string[] => CONTROLS.filter((c) => text.includes(c));

describe('control characters', () => {
  it('escapes every C0, DEL and C1 character onto one line, and leaves other text as it is', () => {
    const escaped = escapeControlCharacters(`a${CONTROLS.join('')}é😀\\z`);
    assert.deepEqual(rawControls(escaped), []);
    // \t, \n and \r in two characters, every other one as \xNN.
    assert.equal(escaped.length, 1 + 3 * 2 + (CONTROLS.length - 3) * 4 + 'é😀\\z'.length);
    assert.equal(
      escapeControlCharacters('tab\there\r\nnul\u0000 esc\u001b del\u007f csi\u009b'),
      'tab\\there\\r\\nnul\\x00 esc\\x1b del\\x7f csi\\x9b',
    );
    assert.equal(escapeControlCharacters('plain text, é 😀 \u00a0, unchanged'), 'plain text, é 😀 \u00a0, unchanged');
  });

  it('keeps lines and tabs for a terminal, and escapes the rest: an ESC sequence shows as text', () => {
    assert.equal(terminalText('Key\t"a\u001b[2J\rb\u009b31m"\nnext'), 'Key\t"a\\x1b[2J\\rb\\x9b31m"\nnext');
  });

  it('takes a header with a tab in its value, and refuses CR, LF and other control characters', () => {
    assert.equal(headerProblem('Content-Type', 'text/plain;\tcharset=utf-8'), undefined);
    for (const value of ['text/plain\r\nX-Injected: 1', 'a\nb', 'a\u0000', 'a\u007f', 'a\u0085'])
      assert.match(headerProblem('Content-Type', value) ?? '', /holds the control character/, JSON.stringify(value));
  });

  it('refuses a header name that is not an HTTP token', () => {
    for (const name of ['X Bad', 'X:y', 'X\r\nY', '', 'é'])
      assert.match(headerProblem(name, 'v') ?? '', /not an HTTP token/);
    assert.equal(headerProblem("x-amz-meta-!#$%&'*+-.^_`|~09", 'v'), undefined);
  });
});

describe('keyFileName', () => {
  it('is the last part of the key', () => {
    assert.equal(keyFileName('2025/q3/report.csv'), 'report.csv');
    assert.equal(keyFileName('in box/a+b (1).png'), 'a+b (1).png');
  });

  it('names no hidden file, no path and no option: leading dots, dashes and spaces go, and both separators', () => {
    assert.equal(keyFileName('home/.bashrc'), 'bashrc');
    assert.equal(keyFileName('../../.ssh/authorized_keys'), 'authorized_keys');
    assert.equal(keyFileName('x\\..\\..\\.env'), 'env');
    assert.equal(keyFileName('a/-rf'), 'rf');
    assert.equal(keyFileName('a/ . -.profile'), 'profile');
  });

  it('drops control characters', () => {
    assert.equal(keyFileName('a/re\u001b[31mport\r\n.csv\u0085'), 're[31mport.csv');
  });

  it('falls back to "file" when nothing is left', () => {
    for (const key of [undefined, '', 'folder/', 'a/..', 'a/.', 'a/\u001b\u0007', 'a/ - '])
      assert.equal(keyFileName(key), 'file', String(key));
  });

  it('fits 255 bytes of UTF-8, cut at a character, the extension kept', () => {
    const name = keyFileName(`a/${'é'.repeat(300)}.csv`);
    assert.ok(Buffer.byteLength(name) <= 255);
    assert.ok(name.endsWith('é.csv'));
    assert.equal(keyFileName(`a/${'x'.repeat(255)}`), 'x'.repeat(255));
    assert.equal(Buffer.byteLength(keyFileName(`a/${'😀'.repeat(100)}`)), 252);
  });

  it('gives a curl -o that cannot write ~/.bashrc, run from home with a key that names it', () => {
    const home = mkdtempSync(join(tmpdir(), 's3pl-filename-'));
    try {
      const source = join(home, 'object');
      writeFileSync(source, 'payload');
      const command = curlCommand({
        url: pathToFileURL(source).href,
        method: 'GET',
        headers: {},
        fileName: keyFileName('x/../../.bashrc'),
      });
      execFileSync('/bin/sh', ['-c', `${command} --silent`], { cwd: home, env: { ...process.env, HOME: home } });
      assert.deepEqual(readdirSync(home).sort(), ['bashrc', 'object']);
      assert.equal(readFileSync(join(home, 'bashrc'), 'utf8'), 'payload');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
