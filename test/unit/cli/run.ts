// Runs the CLI in the test's process, and keeps the caller's AWS_* variables out of a describe block.
import { runCli } from '../../../src/cli/main';
import { InputTooLarge } from '../../../src/cli/stdio';

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process; standard input is `stdin`, held to the cap the command reads it with. */
export async function cli(args: readonly string[], stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const readStdin = (limit: number): string => {
    if (Buffer.byteLength(stdin) > limit) throw new InputTooLarge();
    return stdin;
  };
  const code = await runCli(args, { out: (t) => void (out += `${t}\n`), readStdin }, (l) => void (err += `${l}\n`));
  return { code, out, err };
}

export const NOW = '2026-03-14T15:20:00Z';
const AWS_VARS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];

/** Runs the enclosing describe block without the caller's AWS_* variables, and puts them back after. */
export function withoutAwsEnv(): void {
  let saved: Record<string, string | undefined> = {};
  before(() => {
    saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));
    for (const k of AWS_VARS) delete process.env[k];
  });
  after(() => {
    for (const k of AWS_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
}
