// The workbench page driven as a user drives it (Playwright on Debian's Chromium): the palette, tree items,
// editors, quick fixes, modal dialogs, notifications, webviews, screenshots. Used by the host suite's harness
// (through test/host/harness.ts) and by the UI suite (test/ui), which runs against the sandbox itself.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { RESULTS_DIR, ROOT } from '../../scripts/lib/paths';
import { paintedTexts, type PaintedQuery, type PaintedText } from './colors';
import { retrying, STEP_TIMEOUT } from './wait';

export { STEP_TIMEOUT };

/**
 * Where crop() saves pictures of the UI: test-results/images, or the folder S3PL_IMAGES_DIR names (`npm run
 * images` sets docs/images, the README's pictures).
 */
const IMAGES_DIR = process.env['S3PL_IMAGES_DIR']
  ? resolve(ROOT, process.env['S3PL_IMAGES_DIR'])
  : join(RESULTS_DIR, 'images');

/** A part of the UI to picture: an element of the workbench, or of the newest visible webview. */
export interface CropTarget {
  readonly selector: string;
  readonly webview?: boolean;
  /** Every visible match, not only the first (the rows of a list, the lines of an editor). */
  readonly all?: boolean;
}

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

  /**
   * Types `text` into the command palette and presses Enter, as a user does: whatever the palette puts first
   * runs (runCommand picks the row by its exact label instead).
   */
  async paletteEnter(text: string): Promise<void> {
    const { page } = this;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.fill(`>${text}`);
    await page
      .locator('.quick-input-widget .monaco-list-row')
      .first()
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.press('Enter');
  }

  /** Opens a tree item's context menu and runs the entry labelled `action`. */
  async treeItemMenu(label: string, action: string): Promise<void> {
    const item = this.page.getByRole('treeitem', { name: label }).first();
    await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await item.click({ button: 'right' });
    const entry = this.page.getByRole('menuitem', { name: action, exact: true }).first();
    await entry.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    // A click right after the menu opens is sometimes taken for the end of the right-click and ignored; the
    // menu runs the entry the pointer is on at Enter.
    await entry.hover();
    await this.page.keyboard.press('Enter');
    await entry.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** The labels of a tree item's context menu entries (the menu is closed again), with a screenshot if named. */
  async treeItemMenuEntries(label: string, screenshot?: string): Promise<string[]> {
    const item = this.page.getByRole('treeitem', { name: label }).first();
    await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await item.click({ button: 'right' });
    const entries = this.page.getByRole('menuitem');
    await entries.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    const labels = (await entries.allInnerTexts()).map(visibleText).filter(Boolean);
    if (screenshot) await this.screenshot(screenshot);
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** Makes the side bar `width` pixels wide, dragging the sash at its edge as a user does. */
  async resizeSideBar(width: number): Promise<void> {
    const { page } = this;
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (!sidebar) throw new Error('no side bar shown');
    const edge = sidebar.x + sidebar.width;
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(edge, y);
    await page.mouse.down();
    await page.mouse.move(edge + (width - sidebar.width) / 2, y, { steps: 5 });
    await page.mouse.move(sidebar.x + width, y, { steps: 5 });
    await page.mouse.up();
  }

  /** Moves the mouse pointer off the editor, where it would raise hovers of its own (links, problems). */
  async mouseAway(): Promise<void> {
    await this.page.mouse.move(1, 1);
  }

  /** Reloads the window (Developer: Reload Window) and waits for the new workbench. */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: STEP_TIMEOUT * 3 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.page.locator('.activitybar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT * 3 });
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
    await retrying(
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
      },
      (timeout) => row.waitFor({ state: 'visible', timeout }),
      3000,
    );
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

  /**
   * Text as painted (colours from computed styles) for the elements matching a query, in the workbench or in
   * the newest visible webview; waits until at least one shows.
   */
  async painted(query: PaintedQuery, webview = false): Promise<PaintedText[]> {
    if (webview) {
      await this.inWebview(query.selector);
      return (await this.webviewFrame()).evaluate(paintedTexts, query);
    }
    await this.page.locator(query.selector).first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
    return this.page.evaluate(paintedTexts, query);
  }

  /**
   * Saves a PNG of the part of the window that holds `targets` (the union of their boxes, `pad` pixels
   * around) as <images dir>/<name>.png, and returns its path: a picture of one feature, legible at its size.
   */
  async crop(name: string, targets: readonly CropTarget[], pad = 8): Promise<string> {
    const boxes: { x: number; y: number; width: number; height: number }[] = [];
    for (const target of targets) {
      const matches = target.webview
        ? await this.inWebview(target.selector)
        : this.page.locator(`${target.selector} >> visible=true`).first();
      await matches.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      if (targets.length === 1) await matches.scrollIntoViewIfNeeded();
      const elements = target.all
        ? await (
            target.webview
              ? (await this.webviewFrame()).locator(target.selector)
              : this.page.locator(`${target.selector} >> visible=true`)
          ).all()
        : [matches];
      for (const element of elements) {
        const box = await element.boundingBox();
        if (box) boxes.push(box);
      }
    }
    if (boxes.length === 0) throw new Error(`nothing to picture for ${name}`);
    const viewport = this.page.viewportSize() ?? { width: 1400, height: 900 };
    const left = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
    const top = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
    const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + pad);
    const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + pad);
    mkdirSync(IMAGES_DIR, { recursive: true });
    const path = join(IMAGES_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path, clip: { x: left, y: top, width: right - left, height: bottom - top } });
    return path;
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
