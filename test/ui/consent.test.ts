import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_S3_CREDENTIALS } from '../../scripts/lib/localS3';
import { parsePresignedUrl, verifyPresignedUrl } from '../../src/engine';
import { until } from '../runner/wait';
import { PLANTED_FILE, theSandbox, workbench } from './setup';

const onDisk = (path: string): string => readFileSync(join(theSandbox().workspace, path), 'utf8');
const urlIn = (text: string): string => /https?:\/\/\S+/.exec(text.replace(/\\u0026/g, '&'))![0].replace(/["',]+$/, '');

describe('consent before signing what a file names', function () {
  this.timeout(180_000);

  it('names the method, object, version, expiry, endpoint and profile of a planted DELETE URL (screenshot)', async () => {
    const before = onDisk(PLANTED_FILE);
    const wb = workbench();
    await wb.openFile(PLANTED_FILE);
    await wb.goTo(1, 20);
    await wb.quickFix('Re-presign and replace');
    const text = await wb.dialogText();
    assert.match(
      text,
      /Sign a new DELETE URL for s3:\/\/presign-lens-uploads\/victim\.txt with your profile sandbox\?/,
    );
    assert.match(text, /Method: DELETE — anyone with the new URL can delete the object/);
    assert.match(text, /Version: null \(that version only\)/);
    assert.match(text, /Expires: in 7 days, at \d{4}-\d{2}-\d{2}T/);
    assert.match(text, /Endpoint: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(
      text,
      /Signed by: profile sandbox — S3RVER, the key that signed the old URL, belongs to your profile sandbox/,
    );
    assert.match(text, /Written into planted\/delete\.txt, line 1, in place of the old URL/);
    await wb.screenshot('consent-planted-delete');
    await wb.clickDialogButton('Cancel');
    await wb.press('Control+S');
    assert.equal(onDisk(PLANTED_FILE), before, 'nothing signed, nothing written');
  });

  it('writes the new URL only once the user confirms, and says a live URL is now in the file', async () => {
    const before = onDisk(PLANTED_FILE);
    const wb = workbench();
    await wb.openFile(PLANTED_FILE);
    await wb.goTo(1, 20);
    await wb.quickFix('Re-presign and replace');
    await wb.clickDialogButton('Sign DELETE URL and Replace');
    assert.match(
      await wb.notification(/A live DELETE URL is now in planted\/delete\.txt/),
      /anyone who can read the file can use it/,
    );
    await wb.press('Control+S');
    const parsed = parsePresignedUrl(
      urlIn(
        await until(
          () => onDisk(PLANTED_FILE),
          (text) => text !== before,
          'the file saved',
        ),
      ),
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.value.methodHint?.method, 'DELETE');
    assert.equal(parsed.value.params.find((p) => p.name === 'versionId')?.value, 'null');
    assert.ok(Date.now() - parsed.value.signedAt!.getTime() < 10 * 60_000, 'signed now');
    assert.ok(verifyPresignedUrl(parsed.value, { secretAccessKey: LOCAL_S3_CREDENTIALS.secretAccessKey }).valid);
  });

  it('keeps a JSON file’s escaping when it replaces a URL there, and the new URL downloads', async () => {
    const wb = workbench();
    await wb.openFile('data/links.json');
    await wb.goTo(2, 20);
    await wb.quickFix('Re-presign and replace');
    assert.match(
      await wb.dialogText(),
      /Sign a new GET URL for s3:\/\/presign-lens-demo\/reports\/2025\/Q3 summary\.csv/,
    );
    await wb.clickDialogButton('Sign and Replace');
    await wb.notification(/A live GET URL is now in data\/links\.json/);
    await wb.press('Control+S');
    const text = await until(
      () => onDisk('data/links.json'),
      (t) => {
        const parsed = parsePresignedUrl(urlIn(t));
        return parsed.ok && Date.now() - parsed.value.signedAt!.getTime() < 10 * 60_000;
      },
      'the new URL saved',
    );
    assert.match(text, /\\u0026/, 'still JSON-escaped');
    assert.doesNotMatch(text, /[^u]0026|&X-Amz/, 'no raw "&" written into the JSON string');
    const response = await fetch(urlIn(text));
    assert.equal(response.status, 200);
  });
});
