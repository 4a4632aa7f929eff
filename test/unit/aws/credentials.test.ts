import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { credentialProvider } from '../../../src/aws/credentials';
import { describeFailure } from '../../../src/aws/errors';

describe('credentialProvider', () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-credentials-'));
    const files = writeAwsFiles(dir, { hung: { region: 'us-east-1', config: { credential_process: 'sleep 2' } } });
    for (const [k, v] of Object.entries(files.env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives up on a credential_process that hangs, and says so', async () => {
    const provider = credentialProvider(
      { name: 'hung', kind: 'credential-process', region: 'us-east-1', pathStyle: false },
      () => Promise.reject(new Error('no MFA')),
      300,
    );
    const err = await provider().then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    const failure = describeFailure(err, { profile: 'hung', kind: 'credential-process' });
    assert.equal(failure.kind, 'credentials');
    assert.equal(
      failure.message,
      'credential_process failed: The credentials of profile "hung" did not come within 0.3 s (a credential_process that hangs, or a prompt left open).',
    );
  });
});
