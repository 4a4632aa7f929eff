// The workbench page driven as a user drives it (Playwright on Debian's Chromium): the palette, tree items,
// editors, quick fixes, modal dialogs, notifications, webviews, screenshots. Used by the host suite's harness
// (through test/host/harness.ts) and by the UI suite (test/ui), which runs against the sandbox itself.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { RESULTS_DIR } from '../../scripts/lib/paths';

/** How long one step may wait for the state it needs; a loaded 2-core machine needs this much. */
export const STEP_TIMEOUT = 20_000;

/** Text as a reader sees it: the editor renders spaces as no-break spaces; icons leave edge spaces. */
const visibleText = (text: string): string => text.replace(/\u00a0/g, ' ').trim();

export class Workbench {
  constructor(readonly page: Page) {}

  /** Runs a command through F1 and the quick pick, by its palette title ("S3 Presign Lens: Show Log"). */
  async runCommand(title: string): Promise<void> {
    const { page } = this;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.fill(`>${title}`);
    // The row whose label is exactly the title, not one that merely contains it (a view's "Focus on …").
    const row = page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await row.click();
  }

  /** Clicks an activity bar entry by its title (only when its view is not already shown). */
  async openViewContainer(title: string): Promise<void> {
    const { page } = this;
    const item = page
      .locator('.activitybar .action-item')
      .filter({ has: page.locator(`.action-label[aria-label^="${title}"]`) })
      .first();
    await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked')) await item.click();
  }

  async clickTreeItem(label: string): Promise<void> {
    const item: Locator = this.page.getByRole('treeitem', { name: label }).first();
    await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await item.click();
  }

  /**
   * Clicks the first visible element matching a CSS selector (waits for it); `hover` first moves the mouse
   * over another, such as a view's header, whose title-bar actions are shown only under the mouse.
   */
  async click(selector: string, hover?: string): Promise<void> {
    if (hover) await this.page.locator(`${hover} >> visible=true`).first().hover({ timeout: STEP_TIMEOUT });
    const target = this.page.locator(`${selector} >> visible=true`).first();
    await target.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await target.click();
  }

  /** The rendered text of the first visible workbench element matching a CSS selector (waits for it). */
  async text(selector: string, timeout = STEP_TIMEOUT): Promise<string> {
    const target = this.page.locator(`${selector} >> visible=true`).first();
    await target.waitFor({ state: 'visible', timeout });
    return visibleText(await target.innerText());
  }

  /** Opens a workspace file by its path, through Quick Open, and waits for its editor. */
  async openFile(path: string): Promise<void> {
    const { page } = this;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.fill(path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.press('Enter');
    await page
      .locator(`.tabs-container .tab.active[aria-label^="${name}"]`)
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  }

  /** Puts the cursor on a line (1-based) and column of the active editor, through Go to Line. */
  async goTo(line: number, column = 1): Promise<void> {
    const { page } = this;
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** Opens the quick fixes at the cursor and runs the one whose title starts with `title`. */
  async quickFix(title: string): Promise<void> {
    const { page } = this;
    const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    // The light bulb needs the problems of the line: ask again until the menu holds the fix.
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await row.waitFor({ state: 'visible', timeout: 3000 });
        break;
      } catch (err) {
        await page.keyboard.press('Escape');
        if (attempt === 5) throw err;
      }
    }
    await row.click();
  }

  /** The modal dialog shown now: its whole text (message and detail). */
  async dialogText(): Promise<string> {
    return this.text('.monaco-dialog-box');
  }

  /** Clicks a button of the modal dialog by its label. */
  async clickDialogButton(label: string): Promise<void> {
    const button = this.page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button', { hasText: label }).first();
    await button.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await button.click();
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** Waits for a notification toast (or, in the test build, the notification centre) saying `text`. */
  async notification(text: RegExp): Promise<string> {
    const toast = this.page.locator('.notification-toast-container, .notifications-center', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    return visibleText(await toast.innerText());
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** Types text where the focus is (a quick input, an editor). */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  /** A locator in the newest visible webview, retried until it is attached (webviews load asynchronously). */
  async inWebview(selector: string): Promise<Locator> {
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      try {
        const target = (await this.webviewFrame()).locator(selector).first();
        await target.waitFor({ state: 'attached', timeout: 1000 });
        return target;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await this.page.waitForTimeout(200);
      }
    }
  }

  /** Text (or outer HTML) of the first element matching a CSS selector in the newest webview. */
  async webviewText(selector: string, html = false): Promise<string> {
    const target = await this.inWebview(selector);
    return html ? target.evaluate((e) => e.outerHTML) : visibleText(await target.innerText());
  }

  async webviewClick(selector: string): Promise<void> {
    await (await this.inWebview(selector)).click();
  }

  async webviewFill(selector: string, text: string): Promise<void> {
    await (await this.inWebview(selector)).fill(text);
  }

  async webviewSelect(selector: string, value: string): Promise<void> {
    await (await this.inWebview(selector)).selectOption(value);
  }

  /** Saves a PNG of the workbench to test-results/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Submits an HTML form from a page of its own in the same browser, as a person does: `file` chosen in its
   * file input, a screenshot of the filled form saved, the submit button clicked. The answer's status and
   * text come back (a form posts to another origin, which no webview would display).
   */
  async submitForm(
    html: string,
    file: { readonly name: string; readonly mimeType: string; readonly content: string },
    screenshot: string,
  ): Promise<{ status: number; body: string }> {
    const page = await this.page.context().newPage();
    try {
      await page.setContent(html);
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.content) });
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, `${screenshot.replace(/[^\w.-]+/g, '-')}.png`) });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST', { timeout: STEP_TIMEOUT }),
        page.locator('[type=submit]').click(),
      ]);
      return { status: response.status(), body: await response.text() };
    } finally {
      await page.close();
    }
  }

  /**
   * Opens `url` in a new tab of the same browser (a web page of its own origin, as a user's app would be),
   * waits for `until`, saves a PNG of it and answers the text of its `#result`; the tab is closed after.
   */
  async browse(url: string, until: string, name: string): Promise<string> {
    const tab = await this.page.context().newPage();
    try {
      await tab.goto(url);
      await tab.waitForSelector(until, { state: 'attached', timeout: 3 * STEP_TIMEOUT });
      mkdirSync(RESULTS_DIR, { recursive: true });
      await tab.screenshot({ path: join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`) });
      return await tab.innerText('#result');
    } finally {
      await tab.close();
    }
  }

  /**
   * The page of the newest visible webview: each is an `iframe.webview` holding the extension's page in a
   * child frame (named `active-frame` by desktop VS Code, left as `pending-frame` by code-server).
   */
  private async webviewFrame(): Promise<Frame> {
    const outer = this.page.locator('iframe.webview.ready >> visible=true').last();
    const frame = await (await outer.elementHandle({ timeout: STEP_TIMEOUT }))?.contentFrame();
    const children = frame?.childFrames() ?? [];
    const inner = children[children.length - 1];
    if (!inner) throw new Error('no visible webview');
    return inner;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
