// The runner's side of the harness: an HTTP endpoint on loopback through which tests running inside the
// extension host ask the runner to act on the workbench page (Playwright: run a palette command, click a
// tree item, read text from the workbench or a webview, take a screenshot) or on the local S3 server
// (stop, start, delete a bucket). The client is test/host/harness.ts.
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { listenOnLoopback } from '../../scripts/lib/net';
import type { HarnessRequest, S3Request, UiRequest } from '../host/harnessProtocol';
import { Workbench } from './ui';

export interface Harness {
  readonly url: string;
  close(): Promise<void>;
}

/** What the harness does to the local S3 server (see environment.ts). */
export type S3Control = (req: S3Request) => Promise<void>;

async function performUi(workbench: Workbench, req: UiRequest): Promise<unknown> {
  switch (req.op) {
    case 'command':
      await workbench.runCommand(req.title);
      return null;
    case 'paletteEnter':
      await workbench.paletteEnter(req.text);
      return null;
    case 'treeItemMenu':
      await workbench.treeItemMenu(req.label, req.action);
      return null;
    case 'treeItemMenuEntries':
      return workbench.treeItemMenuEntries(req.label, req.screenshot);
    case 'painted':
      return workbench.painted(req.query, req.webview);
    case 'crop':
      return workbench.crop(req.name, req.targets, req.pad);
    case 'resizeSideBar':
      await workbench.resizeSideBar(req.width);
      return null;
    case 'mouseAway':
      await workbench.mouseAway();
      return null;
    case 'openViewContainer':
      await workbench.openViewContainer(req.title);
      return null;
    case 'clickTreeItem':
      await workbench.clickTreeItem(req.label);
      return null;
    case 'click':
      await workbench.click(req.selector, req.hover);
      return null;
    case 'text':
      return workbench.text(req.selector, req.timeout);
    case 'webviewText':
      return workbench.webviewText(req.selector, req.html);
    case 'webviewClick':
      await workbench.webviewClick(req.selector);
      return null;
    case 'webviewFill':
      await workbench.webviewFill(req.selector, req.text);
      return null;
    case 'webviewSelect':
      await workbench.webviewSelect(req.selector, req.value);
      return null;
    case 'press':
      await workbench.press(req.key);
      return null;
    case 'type':
      await workbench.type(req.text);
      return null;
    case 'screenshot':
      return workbench.screenshot(req.name);
    case 'submitForm':
      return workbench.submitForm(req.html, req.file, req.screenshot);
    case 'browse':
      return workbench.browse(req.url, req.until, req.screenshot);
  }
}

function perform(workbench: Workbench, s3: S3Control, req: HarnessRequest): Promise<unknown> {
  return req.op.startsWith('s3.') ? s3(req as S3Request).then(() => null) : performUi(workbench, req as UiRequest);
}

export async function startHarness(page: Page, s3: S3Control): Promise<Harness> {
  const workbench = new Workbench(page);
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
      perform(workbench, s3, req).then(
        (result) => reply(200, { result }),
        (err: unknown) => reply(500, { error: err instanceof Error ? err.message : String(err) }),
      );
    });
  });
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((done) => server.close(() => done())) };
}
