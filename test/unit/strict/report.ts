// The record of a differential run: counts per mutation kind and overall (verdicts, causes named, cannot
// tell, false, none), the deviations set aside, and Swift's own answers, for the report and the engine's fixer.
import type { DeviceStorage } from '../../../scripts/lib/swiftS3';
import { DEVIATIONS, type DeviationName } from './deviations';
import { CAUSE_CLASSES, type CauseClass, type Outcome } from './judge';
import { ERROR_DOCUMENT_DEVIATIONS, KIND_NAMES, KINDS } from './mutations';

const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);

/** The counts, per kind and overall, and Swift's own answers: printed after the run for the record. */
export function formatReport(
  outcomes: readonly Outcome[],
  timings: Readonly<Record<string, number>>,
  storage: DeviceStorage,
): string {
  const lines: string[] = ['', 'Strict S3 (Swift s3api) differential run', `  object server devices: ${storage}`];
  for (const [what, seconds] of Object.entries(timings)) lines.push(`  ${what}: ${seconds.toFixed(1)}`);
  const counted = outcomes.filter((o) => !o.c.deviation && o.swift !== 'other');
  const agree = counted.filter((o) => (o.swift === 'accepted') === o.engine.accepts).length;
  lines.push(
    `  requests: ${outcomes.length}; compared: ${counted.length}; verdicts agree: ${agree} (${percent(agree, counted.length)})`,
  );
  const tally = (pick: (o: Outcome) => CauseClass | undefined, set: readonly Outcome[]): string =>
    CAUSE_CLASSES.map((c) => String(set.filter((o) => pick(o) === c).length)).join('/');
  const singles = counted.filter((o) => KINDS[o.c.kind].singleChange && o.swift === 'refused');
  lines.push(
    `  refused single changes: ${singles.length}; causes named/cannot tell/false/none: verify ${tally((o) => o.verifyCause, singles)}, explainS3Error ${tally((o) => o.explainCause, singles)}`,
  );
  lines.push(
    '',
    `  ${'kind'.padEnd(42)} ${'sent'.padStart(5)} ${'agree'.padStart(9)} ${'verify n/c/f/0'.padStart(15)} ${'explain n/c/f/0'.padStart(16)}  set aside`,
  );
  for (const kind of KIND_NAMES) {
    const all = outcomes.filter((o) => o.c.kind === kind);
    const set = all.filter((o) => !o.c.deviation && o.swift !== 'other');
    const ok = set.filter((o) => (o.swift === 'accepted') === o.engine.accepts).length;
    const aside = all.length - set.length;
    lines.push(
      `  ${kind.padEnd(42)} ${String(all.length).padStart(5)} ${`${ok}/${set.length}`.padStart(9)} ${tally((o) => o.verifyCause, set).padStart(15)} ${tally((o) => o.explainCause, set).padStart(16)}  ${aside || ''}`,
    );
  }
  lines.push('', '  deviations set aside (requests, or error documents only):');
  for (const name of Object.keys(DEVIATIONS) as DeviationName[]) {
    const requests = outcomes.filter((o) => o.c.deviation === name).length;
    const documents = outcomes.filter(
      (o) => !o.c.deviation && ERROR_DOCUMENT_DEVIATIONS[o.c.kind] === name && o.answer.xml,
    ).length;
    lines.push(`    ${name}: ${requests ? `${requests} requests` : `${documents} error documents`}`);
  }
  lines.push('', "  Swift's answers by kind (status, code, message; CR/STS: CanonicalRequest/StringToSign echoed):");
  for (const kind of KIND_NAMES) {
    const answers = new Map<string, number>();
    for (const o of outcomes.filter((x) => x.c.kind === kind && x.swift !== 'accepted')) {
      const echo = o.answer.xml
        ? ` [${o.answer.xml.includes('<CanonicalRequest>') ? 'CR' : '-'}/${o.answer.xml.includes('<StringToSign>') ? 'STS' : '-'}]`
        : '';
      const what = `${o.c.request.method === 'HEAD' ? 'HEAD ' : ''}${o.answer.status} ${o.answer.code ?? '(no body)'}${o.answer.message ? `: ${o.answer.message}` : ''}${echo}`;
      answers.set(what, (answers.get(what) ?? 0) + 1);
    }
    if (answers.size) lines.push(`    ${kind}:`, ...[...answers].map(([what, n]) => `      ${n} × ${what}`));
  }
  return lines.join('\n');
}
