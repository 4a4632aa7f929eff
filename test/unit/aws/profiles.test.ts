import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAwsFiles } from '../../../scripts/lib/awsFiles';
import { ENVIRONMENT_PROFILE } from '../../../src/aws/profileModel';
import { listProfiles } from '../../../src/aws/profiles';

describe('listProfiles', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-profiles-'));
    const files = writeAwsFiles(
      dir,
      {
        default: { region: 'eu-west-1', accessKeyId: 'AKIADEFAULTDEFAULT01', secretAccessKey: 's' },
        minio: { region: 'us-east-1', pathStyle: true, config: { services: 'local' } },
        direct: { endpointUrl: 'http://10.0.0.5:9000', accessKeyId: 'AKIADIRECTDIRECT0001', secretAccessKey: 's' },
        sso: { region: 'us-east-2', config: { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'Dev' } },
        'sso-old': {
          config: {
            sso_start_url: 'https://x.awsapps.com/start',
            sso_region: 'us-east-1',
            sso_account_id: '1',
            sso_role_name: 'Dev',
          },
        },
        role: {
          config: { role_arn: 'arn:aws:iam::1:role/R', source_profile: 'default', mfa_serial: 'arn:aws:iam::1:mfa/me' },
        },
        ec2role: { config: { role_arn: 'arn:aws:iam::1:role/R', credential_source: 'Ec2InstanceMetadata' } },
        web: { config: { role_arn: 'arn:aws:iam::1:role/R', web_identity_token_file: '/var/run/token' } },
        process: { config: { credential_process: '/usr/local/bin/creds' } },
        ignored: {
          endpointUrl: 'http://x:1',
          config: { ignore_configured_endpoint_urls: 'true' },
          accessKeyId: 'A',
          secretAccessKey: 'S',
        },
        empty: { region: 'ap-south-1' },
      },
      {
        'services local': { s3: { endpoint_url: 'http://127.0.0.1:9000' } },
        'sso-session corp': { sso_region: 'us-east-1' },
      },
    );
    env = { ...files.env };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every kind the SDK resolves, with region, endpoint and addressing style', async () => {
    const { profiles } = await listProfiles(env);
    const by = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.deepEqual(Object.fromEntries(profiles.map((p) => [p.name, p.kind])), {
      default: 'static',
      direct: 'static',
      ec2role: 'assume-role',
      empty: 'unknown',
      ignored: 'static',
      minio: 'unknown',
      process: 'credential-process',
      role: 'assume-role',
      sso: 'sso',
      'sso-old': 'sso-legacy',
      web: 'web-identity',
    });
    assert.equal(by['default']?.region, 'eu-west-1');
    assert.equal(by['default']?.accessKeyId, 'AKIADEFAULTDEFAULT01');
    assert.equal(by['minio']?.endpointUrl, 'http://127.0.0.1:9000', 'from its [services local] section');
    assert.equal(by['minio']?.pathStyle, true);
    assert.equal(by['direct']?.endpointUrl, 'http://10.0.0.5:9000');
    assert.equal(by['ignored']?.endpointUrl, undefined, 'ignore_configured_endpoint_urls');
    assert.equal(by['role']?.mfaSerial, 'arn:aws:iam::1:mfa/me');
    assert.equal(by['sso']?.accessKeyId, undefined);
  });

  it('lets AWS_ENDPOINT_URL_S3 win over the files, and adds environment credentials', async () => {
    const { profiles } = await listProfiles({
      ...env,
      AWS_ENDPOINT_URL_S3: 'http://override:1',
      AWS_ACCESS_KEY_ID: 'AKIAENVENVENVENVENV1',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_REGION: 'sa-east-1',
    });
    assert.equal(profiles[0]?.name, ENVIRONMENT_PROFILE);
    assert.equal(profiles[0]?.kind, 'environment');
    assert.equal(profiles[0]?.region, 'sa-east-1');
    assert.ok(profiles.every((p) => p.name === 'ignored' || p.endpointUrl === 'http://override:1'));
  });

  it('finds no profile in missing files, without failing', async () => {
    const { profiles } = await listProfiles({
      AWS_CONFIG_FILE: join(dir, 'nope'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'nope2'),
    });
    assert.deepEqual(profiles, []);
  });
});

describe('listProfiles on profiles that name several sources', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const PROCESS_KEY = 'AKIAFROMTHEPROCESS01';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-mixed-'));
    const process = `node -e "console.log(JSON.stringify({Version:1,AccessKeyId:'${PROCESS_KEY}',SecretAccessKey:'s'}))"`;
    env = {
      ...writeAwsFiles(dir, {
        'keys-and-sso': { accessKeyId: 'AKIAKEYSANDSSO000001', secretAccessKey: 's', config: { sso_session: 'corp' } },
        'keys-and-process': {
          accessKeyId: 'AKIAKEYSANDPROCESS01',
          secretAccessKey: 's',
          config: { credential_process: 'false' },
        },
        'process-and-sso': { config: { credential_process: process, sso_start_url: 'https://x.awsapps.com/start' } },
        'role-with-token-and-source': {
          config: { role_arn: 'arn:aws:iam::1:role/R', web_identity_token_file: '/t', source_profile: 'keys-and-sso' },
        },
        'role-without-source': { config: { role_arn: 'arn:aws:iam::1:role/R' } },
      }).env,
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the source the SDK uses, in its order', async () => {
    const { profiles } = await listProfiles(env);
    assert.deepEqual(Object.fromEntries(profiles.map((p) => [p.name, p.kind])), {
      'keys-and-sso': 'static',
      'keys-and-process': 'static',
      'process-and-sso': 'credential-process',
      'role-with-token-and-source': 'assume-role',
      'role-without-source': 'unknown',
    });
  });

  it('agrees with the SDK’s own resolution where it needs no network', async () => {
    const { fromIni } = await import('@aws-sdk/credential-providers');
    const resolve = (profile: string) =>
      fromIni({ profile, filepath: env['AWS_SHARED_CREDENTIALS_FILE'], configFilepath: env['AWS_CONFIG_FILE'] })();
    assert.equal((await resolve('keys-and-sso')).accessKeyId, 'AKIAKEYSANDSSO000001');
    assert.equal((await resolve('keys-and-process')).accessKeyId, 'AKIAKEYSANDPROCESS01');
    assert.equal((await resolve('process-and-sso')).accessKeyId, PROCESS_KEY);
    await assert.rejects(resolve('role-without-source'), /Could not resolve credentials/);
  });
});
