// The runner's side of the harness: an HTTP endpoint on loopback through which tests running inside the
// extension host ask the runner to act on the workbench page (Playwright: run a palette command, click a
// tree item, read text from the workbench or a webview, take a screenshot) or on the local S3 server
// (stop, start, delete a bucket). The client is test/host/harness.ts.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { listenOnLoopback } from '../../scripts/lib/net';
import { RESULTS_DIR } from '../../scripts/lib/paths';
import type { HarnessRequest, S3Request, UiRequest } from '../host/harnessProtocol';

export interface Harness {
  readonly url: string;
  close(): Promise<void>;
}

/** What the harness does to the local S3 server (see environment.ts). */
export type S3Control = (req: S3Request) => Promise<void>;

const STEP_TIMEOUT = 15_000;

/**
 * The page of the newest visible webview: each is an `iframe.webview` holding the extension's page in a
 * child frame (named `active-frame` by desktop VS Code, left as `pending-frame` by code-server).
 */
async function webviewFrame(page: Page): Promise<Frame> {
  const outer = page.locator('iframe.webview.ready >> visible=true').last();
  const frame = await (await outer.elementHandle({ timeout: STEP_TIMEOUT }))?.contentFrame();
  const children = frame?.childFrames() ?? [];
  const inner = children[children.length - 1];
  if (!inner) throw new Error('no visible webview');
  return inner;
}

/** A locator in the visible webview, retried until it is attached (webviews load asynchronously). */
async function inWebview(page: Page, selector: string): Promise<Locator> {
  const deadline = Date.now() + STEP_TIMEOUT;
  for (;;) {
    try {
      const target = (await webviewFrame(page)).locator(selector).first();
      await target.waitFor({ state: 'attached', timeout: 1000 });
      return target;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await page.waitForTimeout(200);
    }
  }
}

/** Text as a reader sees it: the editor renders spaces as no-break spaces; icons leave edge spaces. */
const visibleText = (text: string): string => text.replace(/\u00a0/g, ' ').trim();

async function performUi(page: Page, req: UiRequest): Promise<unknown> {
  switch (req.op) {
    case 'command': {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await input.fill(`>${req.title}`);
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: req.title }).first();
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await input.press('Enter');
      return null;
    }
    case 'openViewContainer': {
      // Clicking the entry of the container already shown would hide the side bar: click only when closed.
      const item = page
        .locator('.activitybar .action-item')
        .filter({ has: page.locator(`.action-label[aria-label^="${req.title}"]`) })
        .first();
      await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked')) await item.click();
      return null;
    }
    case 'clickTreeItem': {
      const item: Locator = page.getByRole('treeitem', { name: req.label }).first();
      await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await item.click();
      return null;
    }
    case 'text': {
      const target = page.locator(`${req.selector} >> visible=true`).first();
      await target.waitFor({ state: 'visible', timeout: req.timeout ?? STEP_TIMEOUT });
      return visibleText(await target.innerText());
    }
    case 'webviewText': {
      const target = await inWebview(page, req.selector);
      return req.html ? target.evaluate((e) => e.outerHTML) : visibleText(await target.innerText());
    }
    case 'webviewClick':
      await (await inWebview(page, req.selector)).click();
      return null;
    case 'webviewFill':
      await (await inWebview(page, req.selector)).fill(req.text);
      return null;
    case 'webviewSelect':
      await (await inWebview(page, req.selector)).selectOption(req.value);
      return null;
    case 'press':
      await page.keyboard.press(req.key);
      return null;
    case 'type':
      await page.keyboard.type(req.text);
      return null;
    case 'screenshot': {
      mkdirSync(RESULTS_DIR, { recursive: true });
      const path = join(RESULTS_DIR, `${req.name.replace(/[^\w.-]+/g, '-')}.png`);
      await page.screenshot({ path });
      return path;
    }
  }
}

function perform(page: Page, s3: S3Control, req: HarnessRequest): Promise<unknown> {
  return req.op.startsWith('s3.') ? s3(req as S3Request).then(() => null) : performUi(page, req as UiRequest);
}

export async function startHarness(page: Page, s3: S3Control): Promise<Harness> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const reply = (status: number, payload: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      let req: HarnessRequest;
      try {
        req = JSON.parse(body) as HarnessRequest;
      } catch {
        reply(400, { error: 'body is not JSON' });
        return;
      }
      perform(page, s3, req).then(
        (result) => reply(200, { result }),
        (err: unknown) => reply(500, { error: err instanceof Error ? err.message : String(err) }),
      );
    });
  });
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((done) => server.close(() => done())) };
}
