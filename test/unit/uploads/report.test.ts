// The CORS check's Markdown report: the verdict and the fix first, every value from a URL, a bucket or its
// configuration rendered as itself (no link, no HTML, no fence broken), whatever the configuration holds.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { checkBrowserAccess, parseCorsConfiguration } from '../../../src/engine';
import { corsReportMarkdown, fenced, previewText } from '../../../src/uploads/report';

/** As the Markdown preview renders it: CommonMark with HTML on and autolinks. */
const render = (markdown: string): string => new MarkdownIt({ html: true, linkify: false }).render(markdown);

function report(cors: string, origin = 'https://app.example.com', method = 'PUT') {
  const parsed = parseCorsConfiguration(cors);
  assert.ok(parsed.ok);
  const checked = checkBrowserAccess({ origin, cors: parsed.value, method, readHeaders: ['ETag'] });
  assert.ok(checked.ok);
  return checked.value;
}

const CONTEXT = {
  subject: 'a request to bucket b',
  rulesFrom: 'bucket b, read with profile p',
  bucketRegion: 'eu-west-1',
};

describe('the CORS report', () => {
  it('puts the verdict, why, and the fix before the details', () => {
    const md = corsReportMarkdown(
      report(JSON.stringify([{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'] }])),
      CONTEXT,
    );
    const headings = [...md.matchAll(/^#+ (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, [
      'Blocked\\: PUT from https\\:\\/\\/app\\.example\\.com',
      'The fix',
      'The browser’s request',
      'S3’s answer, rule by rule',
      'What the page can read',
      'Findings',
    ]);
    assert.match(md, /\*\*Why:\*\* The page reads ETag/);
    assert.match(md, /```json\n\[\n/);
  });

  it('says when the bucket has no configuration, and offers a rule', () => {
    const parsed = checkBrowserAccess({ origin: 'https://app.example.com', cors: null, method: 'PUT' });
    assert.ok(parsed.ok);
    const md = corsReportMarkdown(parsed.value, CONTEXT);
    assert.match(md, /The bucket has no CORS configuration/);
    assert.match(md, /"AllowedOrigins": \[\n\s+"https:\/\/app\.example\.com"/);
  });

  it('renders a hostile rule ID and origin as text: no HTML, no link, the table intact', () => {
    const id = '<img src=x onerror=alert(1)> [click](command:workbench.action.terminal.new) | `code`';
    const md = corsReportMarkdown(
      report(JSON.stringify([{ ID: id, AllowedOrigins: ['https://other.example'], AllowedMethods: ['GET'] }])),
      CONTEXT,
    );
    const html = render(md);
    assert.doesNotMatch(html, /<img|<a href="command:/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const row = md.split('\n').find((l) => l.startsWith('| CORSRules[0]') || l.startsWith('| CORSRules\\[0\\]'))!;
    assert.equal(row.split(/(?<!\\)\|/).length, 5, `one row of three cells: ${row}`);
  });

  it('escapes every ASCII punctuation mark and shows control characters', () => {
    assert.equal(previewText('a*b_c'), 'a\\*b\\_c');
    assert.equal(previewText('x\ny'), 'x\u240ay');
  });

  it('fences a block with more backticks than it holds', () => {
    assert.equal(fenced('a ```` b'), '`````\na ```` b\n`````');
    assert.equal(fenced('{}', 'json'), '```json\n{}\n```');
  });
});
