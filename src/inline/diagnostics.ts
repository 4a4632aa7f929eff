// Problems for presigned URLs in open documents: expired ones (warning), live ones that grant access to
// whoever reads the file (information), unreadable ones (error), and with "all", every engine finding.
// Computed after typing pauses, in slices of a few milliseconds (see slices.ts), and dropped when the
// document changes again: typing never waits for it.
import * as vscode from 'vscode';
import {
  diagnose,
  parsePresignedUrl,
  PostPolicyScanner,
  PresignedUrlScanner,
  type FoundPostPolicy,
  type FoundUrl,
} from '../engine';
import { Command, config, inSlices, type Ctx, type DiagnosticsMode } from '../editor';
import { postNotes } from './lazyPost';

export const DIAGNOSTIC_SOURCE = 'S3 Presign Lens';

/** A problem's code link: the section of docs/findings.md that explains the code, rendered (findings.ts). */
const findingLink = (code: string): vscode.Uri =>
  vscode.Uri.parse(`command:${Command.showFinding}?${encodeURIComponent(JSON.stringify([code]))}`);
/** Problems per document at most: a minified file with thousands of URLs gets a summary beyond. */
const MAX_DIAGNOSTICS = 1000;
/** One step of work: URLs diagnosed, URLs only counted, characters read at most. Steps run in slices. */
const STEP_URLS = 20;
const COUNT_STEP_URLS = 200;
const STEP_CHARS = 64 * 1024;
const DELAY_MS = 300;

const SEVERITIES = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** How one computation of a document's problems went. */
export interface DiagnosticsRun {
  readonly uri: string;
  readonly urls: number;
  readonly slices: number;
  readonly longestSliceMs: number;
  /** Handing the problems to VS Code, at the end of the last slice. */
  readonly handOverMs: number;
  readonly totalMs: number;
}

export class UrlDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('s3presign');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  /** The newest computation per document: one that is overtaken answers with the one that overtook it. */
  private readonly latest = new Map<string, Promise<readonly vscode.Diagnostic[]>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly updated = new vscode.EventEmitter<DiagnosticsRun>();
  /** Fires after each complete computation, with how it went (the log's debug line says the same). */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('s3presign.diagnostics') && this.refreshAll(),
      ),
    );
    this.refreshAll();
  }

  /** Resolves when the document's problems are up to date (for tests and the workspace scan). */
  update(document: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const run = this.compute(document, key, generation);
    this.latest.set(key, run);
    void run.finally(() => this.latest.get(key) === run && this.latest.delete(key)).catch(() => undefined);
    return run;
  }

  private async compute(
    document: vscode.TextDocument,
    key: string,
    generation: number,
  ): Promise<readonly vscode.Diagnostic[]> {
    const mode = config.diagnostics();
    // The extension's own lists of URLs (bulk presign) are what the user asked for, not problems.
    if (mode === 'off' || document.uri.scheme === 'output' || this.ctx.generated.has(document)) {
      this.collection.delete(document.uri);
      return [];
    }
    const began = performance.now();
    const text = document.getText();
    const scanner = new PresignedUrlScanner(text);
    const policies = new PostPolicyScanner(text);
    const diagnostics: vscode.Diagnostic[] = [];
    let examined = 0;
    let total = 0;
    let firstUnlisted: FoundUrl | undefined;
    const stale = (): boolean => this.generations.get(key) !== generation;
    const run = await inSlices(() => {
      // Past the listed ones, the rest are only counted.
      const listing = diagnostics.length < MAX_DIAGNOSTICS;
      const batch = scanner.read(listing ? STEP_URLS : COUNT_STEP_URLS, STEP_CHARS);
      total += batch.length;
      for (const f of batch) {
        if (diagnostics.length >= MAX_DIAGNOSTICS) {
          firstUnlisted ??= f;
          continue;
        }
        examined++;
        diagnostics.push(...this.diagnosticsOf(document, f, mode));
      }
      // POST form policies, read as far as the URLs were.
      const until = scanner.done ? Infinity : scanner.position;
      for (const p of policies.read(STEP_URLS, until - policies.position)) {
        if (diagnostics.length >= MAX_DIAGNOSTICS) break;
        diagnostics.push(...this.policyDiagnostics(document, p, mode));
      }
      return !scanner.done || !policies.done;
    }, stale);
    if (!run.completed) return this.latest.get(key) ?? this.collection.get(document.uri) ?? [];
    if (firstUnlisted) {
      const summary = new vscode.Diagnostic(
        new vscode.Range(document.positionAt(firstUnlisted.start), document.positionAt(firstUnlisted.end)),
        `Problems are listed for the first ${examined} of the ${total} presigned URLs in this file.`,
        vscode.DiagnosticSeverity.Information,
      );
      summary.source = DIAGNOSTIC_SOURCE;
      diagnostics.push(summary);
    }
    const handedOver = performance.now();
    this.collection.set(document.uri, diagnostics);
    const end = performance.now();
    const stats: DiagnosticsRun = {
      uri: key,
      urls: total,
      slices: run.slices,
      longestSliceMs: run.longestMs,
      handOverMs: end - handedOver,
      totalMs: end - began,
    };
    this.ctx.log.debug(
      `Problems of ${key}: ${total} URLs in ${run.slices} slices, longest ${run.longestMs.toFixed(1)} ms, handed over in ${stats.handOverMs.toFixed(1)} ms, ${stats.totalMs.toFixed(0)} ms in all`,
    );
    this.updated.fire(stats);
    return diagnostics;
  }

  private diagnosticsOf(document: vscode.TextDocument, found: FoundUrl, mode: DiagnosticsMode): vscode.Diagnostic[] {
    const range = new vscode.Range(document.positionAt(found.start), document.positionAt(found.end));
    const make = (code: string, message: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic =>
      this.diagnostic(range, code, message, severity);
    const parsed = parsePresignedUrl(found.text);
    if (!parsed.ok)
      return mode === 'all'
        ? [
            make(
              'MALFORMED_PARAMETER',
              `Presigned URL that cannot be read: ${parsed.error}`,
              vscode.DiagnosticSeverity.Error,
            ),
          ]
        : [];
    const now = new Date();
    const findings = diagnose(parsed.value, { now });
    if (mode === 'expired') {
      return findings.filter((f) => f.code === 'EXPIRED').map((f) => make(f.code, f.message, SEVERITIES[f.severity]));
    }
    const out = findings.map((f) => make(f.code, f.message, SEVERITIES[f.severity]));
    return out;
  }

  private diagnostic(
    range: vscode.Range,
    code: string,
    message: string,
    severity: vscode.DiagnosticSeverity,
  ): vscode.Diagnostic {
    const d = new vscode.Diagnostic(range, message, severity);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: code, target: findingLink(code) };
    return d;
  }

  /** A POST form policy's problems: what the policy alone decides (expired, live, unconstrained, …). */
  private policyDiagnostics(
    document: vscode.TextDocument,
    found: FoundPostPolicy,
    mode: DiagnosticsMode,
  ): vscode.Diagnostic[] {
    const range = new vscode.Range(document.positionAt(found.start), document.positionAt(found.end));
    const findings = postNotes().describePostPolicy(found.text, new Date()).findings;
    return findings
      .filter((f) => mode !== 'expired' || f.code === 'POLICY_EXPIRED')
      .map((f) => this.diagnostic(range, f.code, f.message, SEVERITIES[f.severity]));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(document).catch((err: unknown) =>
          this.ctx.log.warn(
            `diagnostics of ${document.uri.toString()}: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
      }, delay),
    );
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.latest.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.updated.dispose();
    this.collection.dispose();
  }
}
