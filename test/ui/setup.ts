// The UI suite's root hooks: the sandbox (the product as `npm start` runs it: no test build, real dialogs),
// with files the suite needs in its workspace, and Debian's Chromium driving it. Each test file gets the
// page through `workbench()`.
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { chromium, type Browser } from 'playwright-core';
import { UPLOAD_BUCKET } from '../../scripts/lib/localS3';
import { ensureSystemPackages, CHROMIUM } from '../../scripts/lib/provision';
import { startSandbox, type Sandbox } from '../../scripts/lib/sandbox';
import { CHROMIUM_ARGS } from '../runner/chromium';
import { STEP_TIMEOUT, Workbench } from '../runner/ui';

let sandbox: Sandbox | undefined;
let browser: Browser | undefined;
let page: Workbench | undefined;

/** A URL a repository could plant: a 7-day DELETE of one version, expired, signed by the sandbox's key. */
export const PLANTED_FILE = 'planted/delete.txt';

export function workbench(): Workbench {
  if (!page) throw new Error('The UI suite runs with --require out/test/ui/setup.js');
  return page;
}

export function theSandbox(): Sandbox {
  if (!sandbox) throw new Error('The UI suite runs with --require out/test/ui/setup.js');
  return sandbox;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(600_000);
    ensureSystemPackages('browser');
    sandbox = await startSandbox({
      files: async (s3) => {
        const planted = await getSignedUrl(
          s3.client,
          new DeleteObjectCommand({ Bucket: UPLOAD_BUCKET, Key: 'victim.txt', VersionId: 'null' }),
          { expiresIn: 604_800, signingDate: new Date(Date.now() - 10 * 86_400_000) },
        );
        return { [PLANTED_FILE]: `cleanup: ${planted}\n` };
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.url });
    const p = await context.newPage();
    await p.goto(sandbox.url);
    await p.locator('.activitybar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT * 3 });
    page = new Workbench(p);
  },
  async afterAll(): Promise<void> {
    await browser?.close();
    await sandbox?.stop();
  },
};
