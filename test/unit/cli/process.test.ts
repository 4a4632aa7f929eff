// The built CLI (dist/cli.js) as a process, where only a process shows it: pipes, FIFOs, /dev/zero, a
// reader that goes away, files another user cannot read, a credential_process that hangs, Ctrl-C.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { ROOT } from '../../../scripts/lib/paths';
import { MAX_DOCUMENT_BYTES, MAX_KEY_LIST_BYTES } from '../../../src/cli/args';
import { processGone } from '../processes';

const BIN = join(ROOT, 'dist', 'cli.js');
const URL_TEXT =
  'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T150926Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

interface Options {
  stdin?: 'ignore' | 'pipe' | number;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  cwd?: string;
  /** Called with the child once it runs (to close its output early, to send it a signal). */
  started?: (child: ReturnType<typeof spawn>) => void;
}

/** The environment without the caller's AWS settings, plus `extra`. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('AWS_')) delete env[k];
  return { ...env, ...extra };
}

function run(args: readonly string[], options: Options = {}): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    env: options.env ?? cleanEnv(),
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  options.started?.(child);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
}

/** How far the process that shared this descriptor read into it (Linux: /proc/self/fdinfo). */
const offsetOf = (fd: number): number =>
  Number(/^pos:\s*(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]);

/** A file of `bytes` zero bytes that takes no disk space. */
function sparseFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

const oneLine = (text: string): void => assert.equal(text.trimEnd().split('\n').length, 1, text);

describe('the s3-presign process', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-process-'));
    chmodSync(dir, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('input bounds', () => {
    it('refuses standard input past its cap at once, for every command that reads it', async () => {
      const cases: readonly [string[], RegExp][] = [
        [['decode', '-'], /^s3-presign decode: standard input is over 1 MiB, the most read for a URL or a form$/],
        [['verify', '-'], /^s3-presign verify: standard input is over 1 MiB/],
        [
          ['explain', '-'],
          /^s3-presign explain: standard input is over 1 MiB, the most read for an S3 error document$/,
        ],
        [
          ['presign', 's3://bkt/', '--keys-from', '-', '--region', 'us-east-1'],
          /^s3-presign presign: standard input is over 64 MiB, the most read for a list of keys$/,
        ],
      ];
      for (const [args, reason] of cases) {
        const zero = openSync('/dev/zero', 'r');
        const exit = await run(args, { stdin: zero });
        closeSync(zero);
        assert.equal(exit.code, 2, args.join(' '));
        oneLine(exit.stderr);
        assert.match(exit.stderr.trim(), reason);
      }
    });

    it('reads one byte past the cap and no more', async () => {
      for (const [args, cap] of [
        [['decode', '-'], MAX_DOCUMENT_BYTES],
        [['presign', 's3://bkt/', '--keys-from', '-', '--region', 'us-east-1'], MAX_KEY_LIST_BYTES],
      ] as const) {
        const file = join(dir, 'big-input');
        sparseFile(file, 2 * cap);
        const fd = openSync(file, 'r');
        try {
          const exit = await run(args, { stdin: fd });
          assert.equal(exit.code, 2);
          assert.equal(offsetOf(fd), cap + 1, args[0]);
        } finally {
          closeSync(fd);
        }
      }
    });

    it('refuses a file past its cap for explain and --keys-from, /dev/zero included', async () => {
      for (const args of [
        ['explain', '/dev/zero'],
        ['presign', 's3://bkt/', '--keys-from', '/dev/zero', '--region', 'us-east-1'],
      ]) {
        const exit = await run(args);
        assert.equal(exit.code, 2);
        assert.match(exit.stderr, /\/dev\/zero is over \d+ MiB/);
      }
    });

    it('reads a pipe to its end, as process substitution gives one', async () => {
      const exit = await run(['decode', '-', '--json'], {
        stdin: 'pipe',
        started: (child) => child.stdin!.end(URL_TEXT),
      });
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal((JSON.parse(exit.stdout) as { bucket: string }).bucket, 'b');
    });
  });

  describe('scan', () => {
    it('refuses a FIFO or a device named on the command line, without opening it', async () => {
      const fifo = join(dir, 'named.fifo');
      execFileSync('mkfifo', [fifo]);
      for (const path of [fifo, '/dev/zero']) {
        const exit = await run(['scan', path]);
        assert.equal(exit.code, 2);
        oneLine(exit.stderr);
        assert.match(exit.stderr, /is not a regular file or a folder/);
      }
    });

    it('passes by a FIFO in a folder', async () => {
      const tree = join(dir, 'with-fifo');
      mkdirSync(tree);
      execFileSync('mkfifo', [join(tree, 'pipe')]);
      writeFileSync(join(tree, 'a.txt'), `see ${URL_TEXT}\n`);
      const exit = await run(['scan', tree, '--json']);
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal((JSON.parse(exit.stdout) as unknown[]).length, 1);
    });

    it('fails closed on files and folders it may not read, and says so', async function () {
      const tree = join(dir, 'locked');
      mkdirSync(join(tree, 'closed'), { recursive: true });
      writeFileSync(join(tree, 'a.txt'), `see ${URL_TEXT}\n`);
      writeFileSync(join(tree, 'secret.txt'), `see ${URL_TEXT}\n`);
      chmodSync(join(tree, 'secret.txt'), 0o000);
      chmodSync(join(tree, 'closed'), 0o000);
      // Root reads everything: as root, the CLI runs as nobody.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const exit = await run(['scan', tree], asUser);
      assert.equal(exit.code, 2, exit.stderr);
      assert.match(
        exit.stdout,
        /1 presigned URL in 1 file; scanned 1 file, .* 2 unreadable \(the scan is incomplete: exit code 2\)\.\n$/,
      );
      oneLine(exit.stderr);
      assert.match(exit.stderr, /^s3-presign scan: 2 files or folders could not be read, first .*closed \(EACCES\)/);
    });
  });

  describe('output', () => {
    it('ends quietly with 0 when the reader closes the pipe early, as head does', async () => {
      const aws = writeAwsFiles(join(dir, 'aws-static'), {
        s: { region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
      });
      const keys = join(dir, 'keys.txt');
      writeFileSync(keys, Array.from({ length: 200_000 }, (_, i) => `key-${i}`).join('\n'));
      let received = 0;
      const exit = await run(['presign', 's3://bkt/', '--keys-from', keys, '--profile', 's', '--region', 'us-east-1'], {
        env: cleanEnv(aws.env),
        started: (child) =>
          child.stdout!.once('data', (chunk: Buffer) => {
            received = chunk.length;
            child.stdout!.destroy();
          }),
      });
      assert.ok(received > 0);
      assert.equal(exit.code, 0);
      assert.equal(exit.stderr, '');
    });
  });

  describe('a credential_process that hangs', () => {
    const pids = (name: string): number[] =>
      readFileSync(join(dir, `${name}.pids`), 'utf8')
        .trim()
        .split('\n')
        .map(Number);
    let env: NodeJS.ProcessEnv;

    before(() => {
      // The shell and a child of it, each writing its PID down, then waiting for ever.
      const profiles: Record<string, { region: string; config: Record<string, string> }> = {};
      for (const name of ['presign', 'verify', 'explain', 'interrupted']) {
        const script = join(dir, `${name}.sh`);
        writeFileSync(
          script,
          `#!/bin/sh\necho $$ > "${dir}/${name}.pids"\nsleep 1000 &\necho $! >> "${dir}/${name}.pids"\nwait\n`,
        );
        chmodSync(script, 0o755);
        profiles[name] = { region: 'us-east-1', config: { credential_process: `${script} --token tok-SECRET-123` } };
      }
      env = cleanEnv(writeAwsFiles(join(dir, 'aws-hung'), profiles).env);
      writeFileSync(join(dir, 'error.xml'), '<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message></Error>');
    });

    it('fails presign, verify and explain with exit 2 after --credentials-timeout, leaving no process behind', async () => {
      const commands: Record<string, string[]> = {
        presign: ['presign', 's3://bkt/k', '--region', 'us-east-1'],
        verify: ['verify', URL_TEXT],
        explain: ['explain', join(dir, 'error.xml'), '--url', URL_TEXT],
      };
      const exits = await Promise.all(
        Object.entries(commands).map(([name, args]) =>
          run([...args, '--profile', name, '--credentials-timeout', '3'], { env }),
        ),
      );
      for (const [i, name] of Object.keys(commands).entries()) {
        const exit = exits[i]!;
        assert.equal(exit.code, 2, name);
        oneLine(exit.stderr);
        assert.equal(
          exit.stderr,
          `s3-presign ${name}: the credential_process of profile ${name} did not finish within 3 s and was stopped\n`,
        );
        // Not sooner than asked, and long before the 120 s default.
        assert.ok(exit.ms >= 2900 && exit.ms < 60_000, `${name}: ${exit.ms} ms`);
        for (const pid of pids(name)) assert.ok(await processGone(pid), `${name}: ${pid} still runs`);
      }
    });

    it('stops it on Ctrl-C, then ends by the signal: the terminal does not reach its own process group', async () => {
      const exit = await run(['presign', 's3://bkt/k', '--region', 'us-east-1', '--profile', 'interrupted'], {
        env,
        started: (child) => {
          const waitForPids = setInterval(() => {
            try {
              if (pids('interrupted').length < 2) return;
            } catch {
              return;
            }
            clearInterval(waitForPids);
            child.kill('SIGINT');
          }, 20);
        },
      });
      assert.equal(exit.signal, 'SIGINT');
      for (const pid of pids('interrupted')) assert.ok(await processGone(pid), `${pid} still runs`);
    });
  });
});
