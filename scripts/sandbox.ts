// `npm start`: the product, running, without an AWS account (scripts/lib/sandbox.ts): a local S3 with demo
// data, a throwaway AWS config with a `sandbox` profile pointing at it, and VS Code (code-server) with the
// extension loaded on http://127.0.0.1:8080 (override: `npm start -- --port 9000` or S3PL_SANDBOX_PORT).
// Ctrl-C stops everything it started and deletes its temp folder. ~/.aws is never read or written.
import { DEMO_BUCKET, UPLOAD_BUCKET } from './lib/localS3';
import { SANDBOX_PROFILE, startSandbox, type Sandbox } from './lib/sandbox';

function portFromArgs(): number {
  const i = process.argv.indexOf('--port');
  const raw = i >= 0 ? process.argv[i + 1] : (process.env['S3PL_SANDBOX_PORT'] ?? '8080');
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a TCP port, got "${raw}"`);
  return port;
}

async function assertPortFree(port: number): Promise<void> {
  const inUse = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (inUse) throw new Error(`Port ${port} is in use. Choose another: npm start -- --port ${port + 1}`);
}

async function main(): Promise<void> {
  let sandbox: Sandbox | undefined;
  let stopping = false;
  const stop = async (code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the sandbox…');
    await sandbox?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    const port = portFromArgs();
    await assertPortFree(port);
    sandbox = await startSandbox({ port });
    console.log(`
S3 Presign Lens sandbox is running.

  VS Code:   ${sandbox.url}
  Local S3:  ${sandbox.s3.endpoint}  (profile "${SANDBOX_PROFILE}", buckets ${DEMO_BUCKET}, ${UPLOAD_BUCKET})

Press Ctrl-C to stop.`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

void main();
