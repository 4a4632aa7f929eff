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
let first: FirstScreen | undefined;

/** What a new user sees before doing anything, observed before any test acts on the page. */
export interface FirstScreen {
  /** The active editor tab's label. */
  readonly activeTab: string;
  /** The side bar's title: the view container shown. */
  readonly sideBar: string;
  /** Rows of the Buckets view. */
  readonly buckets: string;
  /** Header cells of the first table of the rendered page. */
  readonly tableHeader: readonly string[];
  readonly screenshot: string;
}

/** Waits for the sandbox's first screen: the welcome page rendered, the S3 Presign Lens view shown. */
async function observeFirstScreen(wb: Workbench): Promise<FirstScreen> {
  const activeTab = await wb.text('.tabs-container .tab.active', STEP_TIMEOUT * 3);
  const sideBar = await wb.text('.part.sidebar .composite.title h2');
  const buckets = await wb.text('.part.sidebar .monaco-list-row[aria-label^="sandbox"]');
  const header = await wb.inWebview('table thead tr');
  const tableHeader = await header.locator('th').allInnerTexts();
  return { activeTab, sideBar, buckets, tableHeader, screenshot: await wb.screenshot('sandbox-first-screen') };
}

/** A URL a repository could plant: a 7-day DELETE of one version, expired, signed by the sandbox's key. */
export const PLANTED_FILE = 'planted/delete.txt';

export function workbench(): Workbench {
  if (!page) throw new Error('The UI suite runs with --require out/test/ui/setup.js');
  return page;
}

export function firstScreen(): FirstScreen {
  if (!first) throw new Error('The UI suite runs with --require out/test/ui/setup.js');
  return first;
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
    first = await observeFirstScreen(page);
  },
  async afterAll(): Promise<void> {
    await browser?.close();
    await sandbox?.stop();
  },
};
