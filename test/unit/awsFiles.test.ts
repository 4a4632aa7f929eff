import * as assert from 'node:assert/strict';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../scripts/lib/awsFiles';

describe('writeAwsFiles', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 's3pl-aws-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes profiles that the SDK’s own loader reads back, path style included', async () => {
    const files = writeAwsFiles(
      dir,
      {
        sandbox: {
          region: 'us-east-1',
          endpointUrl: 'http://127.0.0.1:4568',
          pathStyle: true,
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'secret',
        },
        default: { region: 'eu-west-1', config: { credential_process: '/bin/false' } },
      },
      { 'sso-session corp': { sso_region: 'us-east-1' } },
    );
    const loaded = await loadSharedConfigFiles({
      filepath: files.credentialsFile,
      configFilepath: files.configFile,
      ignoreCache: true,
    });
    assert.equal(loaded.configFile['sandbox']?.['region'], 'us-east-1');
    assert.equal(loaded.configFile['sandbox']?.['endpoint_url'], 'http://127.0.0.1:4568');
    assert.equal(loaded.configFile['sandbox']?.['s3.addressing_style'], 'path');
    assert.equal(loaded.configFile['default']?.['credential_process'], '/bin/false');
    assert.equal(loaded.credentialsFile['sandbox']?.['aws_access_key_id'], 'AKIDEXAMPLE');
    assert.equal(loaded.credentialsFile['default'], undefined);
    assert.equal(loaded.configFile['sso-session.corp']?.['sso_region'], 'us-east-1');
    assert.deepEqual(files.env, {
      AWS_CONFIG_FILE: files.configFile,
      AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile,
    });
  });

  it('makes the credentials file readable by its owner only', () => {
    const files = writeAwsFiles(dir, { p: { accessKeyId: 'A', secretAccessKey: 'S' } });
    assert.equal(statSync(files.credentialsFile).mode & 0o777, 0o600);
  });
});
