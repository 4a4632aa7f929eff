// Entry of the host test suite: the same `run()` contract for the code-server runner and for
// @vscode/test-electron (desktop), so one suite serves both.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // Tests tagged @untrusted run only where the workspace is untrusted (the runner's second run), the others
  // only where it is trusted.
  const untrusted = process.env['S3PL_WORKSPACE_TRUST'] === 'untrusted';
  // S3PL_HOST_GREP narrows either run (a pattern matching no test of a run leaves that run empty).
  const grep = process.env['S3PL_HOST_GREP'];
  mocha.grep(new RegExp(`^${untrusted ? '(?=.*@untrusted)' : '(?!.*@untrusted)'}${grep ? `(?=.*(?:${grep}))` : ''}`));
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  // The code-server runner can run every test: there, a skipped one (say, the UI harness no longer
  // reaching the extension host) fails the run instead of passing unnoticed.
  const noSkips = process.env['S3PL_NO_SKIPS'] === '1';
  const skipped: string[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
      else if (noSkips && skipped.length > 0)
        reject(new Error(`${skipped.length} host test(s) skipped where all must run: ${skipped.join('; ')}`));
      else resolve();
    });
    runner.on('pending', (test: Mocha.Test) => skipped.push(test.fullTitle()));
  });
}
