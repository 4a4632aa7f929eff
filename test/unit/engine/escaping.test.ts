import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeLike, markdownText } from '../../../src/engine';

describe('escapeLike', () => {
  const url = 'https://b.s3.amazonaws.com/k?a=1&b=2';
  it('writes a URL back JSON-escaped, HTML-escaped or plain, as the one it replaces', () => {
    assert.equal(
      escapeLike(url, 'https:\\/\\/x\\/y?a=1\\u0026b=2'),
      'https:\\/\\/b.s3.amazonaws.com\\/k?a=1\\u0026b=2',
    );
    assert.equal(escapeLike(url, 'https://x/y?a=1&amp;b=2'), 'https://b.s3.amazonaws.com/k?a=1&amp;b=2');
    assert.equal(escapeLike(url, 'https://x/y?a=1&b=2'), url);
  });
});

describe('markdownText', () => {
  // A real CommonMark renderer (with linkify, like VS Code's GFM autolinks) shows what a hover would show.
  const render = (md: string): string => new MarkdownIt({ html: true, linkify: true }).renderInline(md);
  const hostile = [
    '**bold** _em_ `code` ~~strike~~ # heading',
    '<img src=x onerror=alert(1)> <script>alert(1)</script>',
    '[run](command:workbench.action.terminal.new) ![i](https://e.example/x.png)',
    'see https://evil.example/ and www.evil.example',
    '&lt;not a tag&gt; &amp; &#60;',
    '\\*already escaped\\* \\',
    '1. not a list | not | a table',
  ];
  for (const text of hostile) {
    it(`renders ${JSON.stringify(text)} as text`, () => {
      const html = render(markdownText(text));
      assert.doesNotMatch(html, /<(?!\/?p>)[a-z]/i, 'no element but the paragraph');
      assert.equal(
        html
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&'),
        text,
      );
    });
  }
  it('escapes icons the way VS Code does, and only icons', () => {
    assert.equal(markdownText('$(alert)'), '\\\\$\\(alert\\)');
    assert.equal(markdownText('price $5'), 'price \\$5');
  });
  it('keeps runs of spaces and shows control characters', () => {
    assert.equal(render(markdownText('a  b')), 'a\u00a0\u00a0b');
    assert.equal(markdownText('line\nbreak\ttab\u007f'), 'line\u240abreak\u2409tab\u2421');
  });
});
