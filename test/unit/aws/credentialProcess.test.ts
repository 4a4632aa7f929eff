import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  credentialProcessOf,
  MAX_PROCESS_STDOUT_BYTES,
  parseProcessOutput,
  runCredentialProcess,
} from '../../../src/aws/credentialProcess';
import { processDetail } from '../../../src/aws/errors';
import { processGone } from '../processes';

const NOW = new Date('2026-03-14T15:00:00Z');
const KEYS = { AccessKeyId: 'ASIAEXAMPLEEXAMPLE01', SecretAccessKey: 'secret/secret+secret' };

describe('credential_process: which profiles it runs for', () => {
  const run = 'my-tool --for prod';

  it('runs the credential_process of a profile that has nothing the SDK would try first', () => {
    assert.equal(credentialProcessOf({ credential_process: run, region: 'eu-west-1' }), run);
    // role_arn with both source_profile and credential_source is no assume-role profile to the SDK.
    assert.equal(
      credentialProcessOf({
        credential_process: run,
        role_arn: 'arn:r',
        source_profile: 'a',
        credential_source: 'Environment',
      }),
      run,
    );
  });

  it('leaves to the SDK what it resolves before credential_process: assume-role, static keys, web identity', () => {
    for (const section of [
      { role_arn: 'arn:r', source_profile: 'base' },
      { role_arn: 'arn:r', credential_source: 'Environment' },
      { aws_access_key_id: 'AKIA', aws_secret_access_key: 's' },
      { role_arn: 'arn:r', web_identity_token_file: '/t' },
    ])
      assert.equal(credentialProcessOf({ credential_process: run, ...section }), undefined, JSON.stringify(section));
    assert.equal(credentialProcessOf({ region: 'eu-west-1' }), undefined);
    assert.equal(credentialProcessOf(undefined), undefined);
  });
});

describe('credential_process: its output', () => {
  it('reads Version 1 with keys, and the optional token, expiration and account', () => {
    assert.deepEqual(parseProcessOutput(JSON.stringify({ Version: 1, ...KEYS }), NOW), {
      accessKeyId: KEYS.AccessKeyId,
      secretAccessKey: KEYS.SecretAccessKey,
    });
    assert.deepEqual(
      parseProcessOutput(
        JSON.stringify({
          Version: 1,
          ...KEYS,
          SessionToken: 'tok',
          Expiration: '2026-03-14T16:00:00Z',
          AccountId: '1',
        }),
        NOW,
      ),
      {
        accessKeyId: KEYS.AccessKeyId,
        secretAccessKey: KEYS.SecretAccessKey,
        sessionToken: 'tok',
        expiration: new Date('2026-03-14T16:00:00Z'),
        accountId: '1',
      },
    );
    assert.deepEqual(parseProcessOutput(JSON.stringify({ Version: 1, ...KEYS }), NOW, '123456789012'), {
      accessKeyId: KEYS.AccessKeyId,
      secretAccessKey: KEYS.SecretAccessKey,
      accountId: '123456789012',
    });
  });

  it('says what is wrong with anything else, never quoting the output', () => {
    const cases: readonly [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[1]', /no "Version": 1/],
      ['null', /not a JSON object/],
      [JSON.stringify({ Version: 2, ...KEYS }), /no "Version": 1/],
      [JSON.stringify({ Version: '1', ...KEYS }), /no "Version": 1/],
      [JSON.stringify({ Version: 1, AccessKeyId: KEYS.AccessKeyId }), /no AccessKeyId or SecretAccessKey/],
      [JSON.stringify({ Version: 1, ...KEYS, Expiration: 'soon' }), /Expiration is not a date/],
      [JSON.stringify({ Version: 1, ...KEYS, Expiration: 5 }), /Expiration is not a date/],
      [JSON.stringify({ Version: 1, ...KEYS, Expiration: '2026-03-14T14:00:00Z' }), /expired at 2026-03-14T14:00:00/],
    ];
    for (const [output, reason] of cases) {
      const parsed = parseProcessOutput(output, NOW);
      assert.equal(typeof parsed, 'string', output);
      assert.match(parsed as string, reason, output);
      assert.ok(!(parsed as string).includes(KEYS.SecretAccessKey));
    }
  });
});

describe('credential_process: what its stderr may show', () => {
  const command = "/opt/bin/creds --token 'tok-SECRET-123' --role prod";

  it('shows the first line, without the words of the command line that may be secrets', () => {
    const detail = processDetail('\n  usage: /opt/bin/creds --token tok-SECRET-123 [--role R]\nmore\n', command);
    assert.equal(detail, 'usage: /opt/bin/creds --token … [--role R]');
    assert.equal(
      processDetail(
        'vault: token=hunter2 or pass:correcthorsebattery',
        'vault --auth=hunter2 --pass=correcthorsebattery',
      ),
      'vault: token=… or pass:…',
    );
  });

  it('keeps plain words that the command line holds too', () => {
    assert.equal(
      processDetail('token service unreachable\n', '/bin/sh -c "echo token service unreachable >&2; exit 3"'),
      'token service unreachable',
    );
  });

  it('redacts session tokens and secret-like runs, escapes control characters, and stays short', () => {
    const detail = processDetail(
      `bad X-Amz-Security-Token=FwoGZXIvYXdzEJr%2Fxyz key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \u001b[31m${'x '.repeat(300)}`,
      command,
    );
    assert.ok(!detail.includes('FwoGZXIvYXdzEJr'));
    assert.ok(!detail.includes('wJalrXUtnFEMI'));
    assert.ok(detail.includes('\\x1b[31m'));
    assert.ok(detail.length <= 200);
  });
});

describe('credential_process: running it', () => {
  let dir: string;
  const script = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const run = { profile: 'p', timeoutMs: 3000, now: () => NOW };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3pl-process-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the command line through the shell, as the SDK does, and reads its credentials', async () => {
    const json = JSON.stringify({ Version: 1, ...KEYS, SessionToken: 'tok' });
    writeFileSync(join(dir, 'creds.json'), json);
    const credentials = await runCredentialProcess(`cat "${join(dir, 'creds.json')}" | cat`, run);
    assert.equal(credentials.accessKeyId, KEYS.AccessKeyId);
    assert.equal(credentials.sessionToken, 'tok');
  });

  it('fails with the first line of stderr, never a secret of the command line, when it exits non-zero', async () => {
    const path = script('fails.sh', 'echo "cannot reach vault for $*" >&2\nexit 3');
    await assert.rejects(runCredentialProcess(`${path} --token tok-SECRET-123`, run), (err: Error) => {
      assert.equal(err.name, 'CredentialsProviderError');
      assert.equal(err.message, 'the credential_process of profile p failed: cannot reach vault for --token …');
      return true;
    });
    await assert.rejects(runCredentialProcess(`${script('quiet.sh', 'exit 4')} --token tok-SECRET-123`, run), {
      message: 'the credential_process of profile p failed: exit code 4',
    });
  });

  it('fails on output that is no credentials, and on output past 1 MiB', async () => {
    await assert.rejects(runCredentialProcess('echo "{\\"Version\\": 2}"', run), {
      message: 'the credential_process of profile p failed: its output has no "Version": 1',
    });
    await assert.rejects(runCredentialProcess(`head -c ${MAX_PROCESS_STDOUT_BYTES + 1} /dev/zero`, run), {
      message: 'the credential_process of profile p failed: it printed over 1 MiB',
    });
  });

  it('kills it, and what it started, when the time is up', async () => {
    const path = script('hangs.sh', `echo $$ > "${dir}/shell.pid"\nsleep 1000 &\necho $! > "${dir}/child.pid"\nwait`);
    await assert.rejects(runCredentialProcess(path, { ...run, timeoutMs: 500 }), {
      message: 'the credential_process of profile p did not finish within 0.5 s and was stopped',
    });
    for (const file of ['shell.pid', 'child.pid'])
      assert.ok(await processGone(Number(readFileSync(join(dir, file), 'utf8'))), file);
  });
});
