import { join, resolve } from 'node:path';

/** The repository root (this file compiles to out/scripts/lib/). */
export const ROOT = resolve(__dirname, '..', '..', '..');
/** Provisioned VS Code (code-server) and Node 24: ignored by git, reused between runs. */
export const CACHE_DIR = join(ROOT, '.vscode-test');
/** Screenshots and other artefacts tests leave for a human to look at: ignored by git. */
export const RESULTS_DIR = join(ROOT, 'test-results');
