import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { credentialProvider } from '../../../src/aws/credentials';
import { describeFailure } from '../../../src/aws/errors';
import type { AwsProfile } from '../../../src/aws/profileModel';
import { processGone } from '../processes';

const noMfa = (): Promise<string> => Promise.reject(new Error('no MFA'));
const profile = (name: string, kind: AwsProfile['kind']): AwsProfile => ({
  name,
  kind,
  region: 'us-east-1',
  pathStyle: false,
});
const TOKEN_ARGUMENT = 'tok-SECRET-123';

describe('credentialProvider', () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  /** Lines the scripts append, one per run: the PID of each. */
  const runs = (name: string): number[] => {
    const file = join(dir, `${name}.runs`);
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map(Number) : [];
  };
  const script = (name: string, body: string): string => {
    const path = join(dir, `${name}.sh`);
    writeFileSync(path, `#!/bin/sh\necho $$ >> "${join(dir, `${name}.runs`)}"\n${body}\n`);
    chmodSync(path, 0o755);
    return `${path} --token ${TOKEN_ARGUMENT}`;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-credentials-'));
    const files = writeAwsFiles(dir, {
      hung: { region: 'us-east-1', config: { credential_process: script('hung', 'sleep 1000') } },
      failing: {
        region: 'us-east-1',
        config: { credential_process: script('failing', 'echo "no session for $*" >&2; exit 1') },
      },
      'chain-base': { region: 'us-east-1', config: { credential_process: script('chain', 'exec sleep 1000') } },
      chain: {
        region: 'us-east-1',
        config: { role_arn: 'arn:aws:iam::123456789012:role/r', source_profile: 'chain-base' },
      },
      'failing-base': {
        region: 'us-east-1',
        config: { credential_process: script('failing-base', 'echo "no session for $*" >&2; exit 1') },
      },
      'failing-chain': {
        region: 'us-east-1',
        config: { role_arn: 'arn:aws:iam::123456789012:role/r', source_profile: 'failing-base' },
      },
    });
    for (const [k, v] of Object.entries(files.env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(() => {
    for (const pid of runs('chain')) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended already.
      }
    }
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives up on a credential_process that hangs, kills it, and says so', async () => {
    const provider = credentialProvider(profile('hung', 'credential-process'), noMfa, 300);
    const err = await provider().then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    const failure = describeFailure(err, { profile: 'hung', kind: 'credential-process' });
    assert.equal(failure.kind, 'credentials');
    assert.equal(failure.message, 'The credential_process of profile hung did not finish within 0.3 s and was stopped');
    assert.equal(runs('hung').length, 1);
    assert.ok(await processGone(runs('hung')[0]!));
  });

  it('runs one credential_process for callers that come while it runs, and a retry only after it was stopped', async () => {
    const before = runs('hung').length;
    const provider = credentialProvider(profile('hung', 'credential-process'), noMfa, 300);
    // The Buckets view's Retry makes a new provider: it joins the run too.
    const retry = credentialProvider(profile('hung', 'credential-process'), noMfa, 300);
    const outcomes = await Promise.allSettled([provider(), provider(), retry()]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal(runs('hung').length, before + 1);
    await provider().catch(() => undefined);
    assert.equal(runs('hung').length, before + 2);
    for (const pid of runs('hung').slice(before)) assert.ok(await processGone(pid));
  });

  it('never shows a secret of a failing credential_process’s command line, wherever the message goes', async () => {
    const err = await credentialProvider(profile('failing', 'credential-process'), noMfa, 5000)().then(
      () => assert.fail('resolved'),
      (e: unknown) => e as Error,
    );
    assert.equal(err.message, 'the credential_process of profile failing failed: no session for --token …');
    const failure = describeFailure(err, { profile: 'failing', kind: 'credential-process' });
    assert.equal(failure.message, 'The credential_process of profile failing failed: no session for --token …');
  });

  it('never shows a secret of the command line of a credential_process the SDK runs behind assume-role', async () => {
    const err = await credentialProvider(profile('failing-chain', 'assume-role'), noMfa, 5000)().then(
      () => assert.fail('resolved'),
      (e: unknown) => e as Error,
    );
    assert.equal(err.message, 'a credential_process behind profile failing-chain failed: no session for --token …');
    const failure = describeFailure(err, { profile: 'failing-chain', kind: 'assume-role' });
    assert.equal(failure.kind, 'credentials');
    assert.ok(!failure.message.includes(TOKEN_ARGUMENT) && !failure.message.includes(dir), failure.message);
  });

  it('lets a retry join the resolution the SDK still runs behind an assume-role profile, not start another', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      // A new provider each time, as the Buckets view's Retry makes.
      await assert.rejects(credentialProvider(profile('chain', 'assume-role'), noMfa, 200)(), {
        message: /the credentials of profile chain did not come within 0\.2 s/,
      });
    }
    assert.equal(runs('chain').length, 1);
  });
});
