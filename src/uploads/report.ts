// The CORS check's report as a Markdown document for the preview: the verdict, the browser's request, S3's
// answer rule by rule, what the page can read, the findings, and the fix to paste. Plain code (no vscode):
// every value that comes from a URL, a bucket or its configuration is escaped to render as itself.
import type { BrowserAccessReport } from '../engine';

/**
 * Text that renders as itself in the Markdown preview: ASCII punctuation backslash-escaped (CommonMark
 * allows it for every mark), runs of spaces kept, control characters shown as their control pictures.
 */
export function previewText(text: string): string {
  return (
    text
      .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`)
      .replace(/ {2,}/g, (run) => '&nbsp;'.repeat(run.length))
      // oxlint-disable-next-line no-control-regex -- control characters are exactly what this replaces
      .replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
  );
}

/** A fenced block that no line of `text` can close: a fence longer than any run of backticks in it. */
export function fenced(text: string, language = ''): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Inline code that renders as itself (code spans take no escapes: a longer backtick run delimits it). */
const code = (text: string): string => {
  const clean = text.replace(/[\r\n]/g, ' ');
  let longest = 0;
  for (const run of clean.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  return `${ticks} ${clean} ${ticks}`;
};

/** What the report is about, for its heading lines. */
export interface ReportContext {
  /** "the presigned URL for uploads/photo.png", "bucket my-bucket". */
  readonly subject: string;
  readonly bucket?: string;
  readonly bucketRegion?: string;
  /** Where the rules came from: "bucket b, read with profile p". */
  readonly rulesFrom: string;
}

/**
 * The report: the verdict and why, the fix (what a reader came for) and only then the details. Words, not
 * emoji: the preview may have no emoji font, and the words read the same in every theme.
 */
export function corsReportMarkdown(report: BrowserAccessReport, context: ReportContext): string {
  const { request } = report;
  const verdict = `${report.allowed ? 'Allowed' : 'Blocked'}: ${request.method} from ${report.origin}`;
  const why = report.findings.find((f) => f.severity === 'error');
  const out: string[] = [
    `# ${previewText(verdict)}`,
    '',
    `Checked ${previewText(context.subject)} against the CORS configuration of ${previewText(context.rulesFrom)}${context.bucketRegion ? ` (the bucket is in ${code(context.bucketRegion)})` : ''}.`,
  ];
  if (!report.allowed && why) out.push('', `**Why:** ${previewText(why.message)}`);
  if (report.fix) {
    out.push(
      '',
      '## The fix',
      '',
      previewText(report.fix.changes.join(' ')),
      'Paste the whole configuration into the bucket’s CORS settings (S3 console: the bucket, **Permissions**,',
      '**Cross-origin resource sharing (CORS)**, **Edit**), or copy it from the notification:',
      '',
      fenced(report.fix.json, 'json'),
    );
  }
  out.push(
    '',
    '## The browser’s request',
    '',
    request.preflight
      ? `- A preflight \`OPTIONS\` goes first, because ${previewText(request.preflightBecause.join('; '))}.`
      : '- No preflight: a simple request.',
    ...(request.requestHeaders.length > 0
      ? [`- \`Access-Control-Request-Headers\`: ${request.requestHeaders.map(code).join(', ')}`]
      : []),
    ...(request.readHeaders.length > 0 ? [`- The page reads: ${request.readHeaders.map(code).join(', ')}`] : []),
    '',
    '## S3’s answer, rule by rule',
    '',
  );
  if (report.rules.length === 0) {
    out.push('The bucket has no CORS configuration: S3 answers every preflight 403 “CORS is not enabled”.');
  } else {
    out.push('| Rule | Answers the request | Why not |', '|---|---|---|');
    for (const r of report.rules) {
      const name = `CORSRules[${r.index}]${r.id === undefined ? '' : ` (ID ${JSON.stringify(r.id)})`}`;
      const answers = r.matches
        ? report.matchedRule === r.index
          ? '**yes**'
          : 'matches, after an earlier rule'
        : 'no';
      out.push(`| ${previewText(name)} | ${answers} | ${r.reasons.map(previewText).join('<br>')} |`);
    }
  }
  out.push(
    '',
    '## What the page can read',
    '',
    report.exposedHeaders.map(code).join(', ') || 'Nothing.',
    ...(report.missing.length > 0 ? ['', `**Hidden from the page:** ${report.missing.map(code).join(', ')}`] : []),
    '',
    '## Findings',
    '',
  );
  if (report.findings.length === 0) out.push('None.');
  for (const f of report.findings) {
    out.push(
      `- **${f.severity}** ${code(f.code)}: ${previewText(f.message)}${f.fix ? ` *Fix:* ${previewText(f.fix)}` : ''}${f.source ? ` ([source](${encodeURI(f.source)}))` : ''}`,
    );
  }
  return `${out.join('\n')}\n`;
}
