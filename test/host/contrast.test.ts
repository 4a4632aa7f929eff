// Contrast as a reader gets it (WCAG 2.2 AA: 4.5:1 for text, 3:1 for icons), measured from computed styles in
// the default light and dark themes (2026) and the Modern ones: the decoder page, the badges, the hover, and
// the extension's rows in the side bar. Every colour of these surfaces comes from a theme token. The file's
// name sorts after activation.test's: presigning loads the AWS SDK, which that test checks activation does not.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PresignArgs, PresignOutcome } from '../../src/presign';
import { contrastRatio, type PaintedText } from '../runner/colors';
import { retrying, until } from '../runner/wait';
import { discardUntitled } from './documents';
import { activateInternals } from './extension';
import { ui } from './harness';

const THEMES: readonly [string, vscode.ColorThemeKind][] = [
  ['Light 2026', vscode.ColorThemeKind.Light],
  ['Dark 2026', vscode.ColorThemeKind.Dark],
  ['Default Light Modern', vscode.ColorThemeKind.Light],
  ['Default Dark Modern', vscode.ColorThemeKind.Dark],
];
const TEXT_AA = 4.5;
const ICON_AA = 3;

const presign = async (args: Partial<PresignArgs> = {}): Promise<string> =>
  (
    await vscode.commands.executeCommand<PresignOutcome>('s3presign.presign', {
      profile: 'sandbox',
      bucket: 'presign-lens-demo',
      key: 'reports/2025/Q3 summary.csv',
      method: 'GET',
      expiresIn: '1h',
      ...args,
    })
  ).url;

interface Measure {
  readonly surface: string;
  readonly painted: readonly PaintedText[];
  readonly minimum: number;
}

/** The lowest contrast among what was painted, and the pieces under `minimum`. */
function check({ surface, painted, minimum }: Measure): { lowest: number; failing: string[] } {
  assert.ok(painted.length > 0, `${surface}: nothing painted to measure`);
  const ratios = painted.map((p) => ({ p, ratio: contrastRatio(p) }));
  return {
    lowest: Math.min(...ratios.map((r) => r.ratio)),
    failing: ratios
      .filter((r) => r.ratio < minimum)
      .map(
        (r) =>
          `${surface}: "${r.p.text.slice(0, 40)}" ${r.ratio.toFixed(2)}:1 (${r.p.color} on ${r.p.layers.join(' over ')})`,
      ),
  };
}

describe('accessibility: contrast in the default themes', function () {
  this.timeout(300_000);

  before(async function () {
    if (!ui.available) this.skip();
    await activateInternals();
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('gives every control of the decoder a name, and leaves each one in the keyboard’s reach', async () => {
    await vscode.commands.executeCommand('s3presign.decode', await presign());
    // Rendered, and the signature checked: the page as it stays.
    await until(
      () => ui.webviewText('#signature-status'),
      (t) => t.startsWith('Signature valid'),
      'checked',
    );
    const html = await ui.webviewText('#app', true);
    const controls = [...html.matchAll(/<(button|select|textarea|input|a)\b([^>]*)>([\s\S]*?)<\/\1>/g)];
    assert.ok(controls.length >= 8, `${controls.length} controls`);
    for (const [whole, tag, attributes, inner] of controls) {
      const text = inner!.replace(/<[^>]*>/g, '').trim();
      const label = /aria-label="([^"]+)"/.exec(attributes!)?.[1];
      assert.ok(tag === 'select' || tag === 'textarea' ? label : text || label, `unnamed: ${whole.slice(0, 120)}`);
      assert.doesNotMatch(attributes!, /tabindex="-1"|disabled/, `out of the keyboard's reach: ${whole.slice(0, 120)}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const [theme, kind] of THEMES) {
    it(`keeps text at 4.5:1 and icons at 3:1 on every surface in ${theme} (screenshots)`, async () => {
      await vscode.workspace
        .getConfiguration('workbench')
        .update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await until(
        () => vscode.window.activeColorTheme.kind,
        (k) => k === kind,
        `${theme} applied`,
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const name = theme.toLowerCase().replace(/\s+/g, '-');
      const measures: Measure[] = [];

      // The decoder: a tampered URL (errors, the verify diff), and an expired one.
      const live = await presign();
      const tampered = live.replace(
        /(X-Amz-Signature=)([0-9a-f])/,
        (_, p: string, c: string) => p + (c === '0' ? '1' : '0'),
      );
      for (const url of [tampered, await presign({ expiresIn: 60, signingDate: '2026-01-01T00:00:00Z' })]) {
        await vscode.commands.executeCommand('s3presign.decode', url);
        await until(
          () => ui.webviewText('#signature-status'),
          (t) => !t.startsWith('Checking'),
          'the signature checked',
        );
        measures.push(
          { surface: 'decoder text', painted: await ui.painted({ selector: '#app *' }, true), minimum: TEXT_AA },
          {
            surface: 'decoder icons',
            painted: await ui.painted({ selector: '#app .codicon', pseudo: '::before' }, true),
            minimum: ICON_AA,
          },
        );
      }
      await ui.screenshot(`a11y-decoder-${name}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // Badges and the hover over an expired and a live URL.
      const doc = await vscode.workspace.openTextDocument({
        language: 'plaintext',
        content: `${await presign({ expiresIn: 60, signingDate: '2026-01-01T00:00:00Z' })}\n${live}\n`,
      });
      const editor = await vscode.window.showTextDocument(doc);
      await ui.mouseAway();
      measures.push({
        surface: 'badges',
        painted: await until(
          () => ui.painted({ selector: '.monaco-editor .view-lines span', pseudo: '::before' }),
          (found) => found.filter((p) => p.text.startsWith('expire')).length === 2,
          'two badges drawn',
        ).then((found) => found.filter((p) => p.text.startsWith('expire'))),
        minimum: TEXT_AA,
      });
      editor.selection = new vscode.Selection(new vscode.Position(0, 30), new vscode.Position(0, 30));
      await retrying(
        async () => {
          await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
          await vscode.commands.executeCommand('editor.action.showHover');
        },
        (timeout) => ui.text('.monaco-hover-content:has-text("Presigned S3 URL")', timeout),
        4000,
      );
      measures.push(
        // Ours: the rendered Markdown (VS Code's own action bar under it is not ours to colour).
        {
          surface: 'hover text',
          painted: await ui.painted({ selector: '.monaco-hover-content .rendered-markdown *' }),
          minimum: TEXT_AA,
        },
        {
          surface: 'hover icons',
          painted: await ui.painted({
            selector: '.monaco-hover-content .rendered-markdown .codicon',
            pseudo: '::before',
          }),
          minimum: ICON_AA,
        },
      );
      await ui.screenshot(`a11y-editor-${name}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // The side bar: the Buckets view and the Workspace Scan view.
      await vscode.commands.executeCommand('s3presign.scanWorkspace');
      await ui.openViewContainer('S3 Presign Lens');
      await ui.text('.part.sidebar .monaco-list-row[aria-label^="incoming/build.tar.gz"]');
      const rows = '.part.sidebar .pane-body .monaco-list-row';
      measures.push(
        { surface: 'view rows', painted: await ui.painted({ selector: `${rows} *` }), minimum: TEXT_AA },
        {
          surface: 'view icons',
          painted: await ui.painted({ selector: `${rows} .codicon`, pseudo: '::before' }),
          minimum: ICON_AA,
        },
      );
      await ui.screenshot(`a11y-views-${name}`);
      await discardUntitled();

      const results = measures.map((m) => ({ m, ...check(m) }));
      const lowest = new Map<string, number>();
      for (const r of results) lowest.set(r.m.surface, Math.min(lowest.get(r.m.surface) ?? Infinity, r.lowest));
      console.log(
        `      ${theme}: lowest contrast ${[...lowest].map(([s, v]) => `${s} ${v.toFixed(2)}:1`).join(', ')}`,
      );
      assert.deepEqual(
        results.flatMap((r) => r.failing),
        [],
      );
    });
  }
});
