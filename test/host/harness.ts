// Reaches out of the extension host to the runner: the workbench page (UI) and the local S3 server.
// Available under the code-server runner (npm test); the desktop runner has no page to drive.
import type { PaintedQuery, PaintedText } from '../runner/colors';
import type { CropTarget } from '../runner/ui';
import type { HarnessRequest } from './harnessProtocol';

const harnessUrl = process.env['S3PL_HARNESS'];

async function send<T>(req: HarnessRequest): Promise<T> {
  if (!harnessUrl) throw new Error('No harness: these tests run under the code-server runner (npm test).');
  const response = await fetch(harnessUrl, { method: 'POST', body: JSON.stringify(req) });
  const payload = (await response.json()) as { result?: T; error?: string };
  if (!response.ok) throw new Error(`harness ${req.op} failed: ${payload.error ?? response.status}`);
  return payload.result as T;
}

export const harnessAvailable = harnessUrl !== undefined;

export const ui = {
  available: harnessAvailable,
  /** Runs a command through F1 and the quick pick, by its palette title ("S3 Presign Lens: Show Log"). */
  runCommand: (title: string) => send<null>({ op: 'command', title }),
  /** Types text into the command palette and presses Enter: whatever comes first runs, as for a user. */
  paletteEnter: (text: string) => send<null>({ op: 'paletteEnter', text }),
  /** Opens a tree item's context menu (by the item's accessible name) and runs the entry labelled `action`. */
  treeItemMenu: (label: string, action: string) => send<null>({ op: 'treeItemMenu', label, action }),
  /** The entries of a tree item's context menu. */
  treeItemMenuEntries: (label: string) => send<string[]>({ op: 'treeItemMenuEntries', label }),
  /** Text as painted, with its colour and backgrounds, in the workbench or the newest visible webview. */
  painted: (query: PaintedQuery, webview = false) => send<PaintedText[]>({ op: 'painted', query, webview }),
  /** Saves a picture of the part of the window that holds the targets (test-results/images, or S3PL_IMAGES_DIR). */
  crop: (name: string, targets: readonly CropTarget[], pad?: number) =>
    send<string>({ op: 'crop', name, targets, pad }),
  /** Makes the side bar that many pixels wide, dragging its sash. */
  resizeSideBar: (width: number) => send<null>({ op: 'resizeSideBar', width }),
  /** Clicks the first visible workbench element matching a CSS selector. */
  click: (selector: string) => send<null>({ op: 'click', selector }),
  /** Moves the mouse pointer off the editor, where it would raise hovers of its own. */
  mouseAway: () => send<null>({ op: 'mouseAway' }),
  /** Clicks an activity bar entry by its title (only when its view is not already shown). */
  openViewContainer: (title: string) => send<null>({ op: 'openViewContainer', title }),
  clickTreeItem: (label: string) => send<null>({ op: 'clickTreeItem', label }),
  /** The rendered text of the first visible workbench element matching a CSS selector (waits for it). */
  text: (selector: string, timeout?: number) => send<string>({ op: 'text', selector, timeout }),
  /** Text (or outer HTML) of the first element matching a CSS selector in the newest webview. */
  webviewText: (selector: string, html = false) => send<string>({ op: 'webviewText', selector, html }),
  /** Clicks, fills or selects in the newest visible webview. */
  webviewClick: (selector: string) => send<null>({ op: 'webviewClick', selector }),
  webviewFill: (selector: string, text: string) => send<null>({ op: 'webviewFill', selector, text }),
  webviewSelect: (selector: string, value: string) => send<null>({ op: 'webviewSelect', selector, value }),
  press: (key: string) => send<null>({ op: 'press', key }),
  /** Types text where the focus is (a quick input, an editor). */
  type: (text: string) => send<null>({ op: 'type', text }),
  /** Saves a PNG of the workbench to test-results/<name>.png and returns its path. */
  screenshot: (name: string) => send<string>({ op: 'screenshot', name }),
};

/** The local S3 server behind the test profiles (same port and data across a stop and a start). */
export const localS3 = {
  stop: () => send<null>({ op: 's3.stop' }),
  start: () => send<null>({ op: 's3.start' }),
  deleteBucket: (bucket: string) => send<null>({ op: 's3.deleteBucket', bucket }),
};

/**
 * Runs `run` and measures how long the extension host went without turning: a 1 ms ticker notes each
 * turn, so the gap between two ticks bounds a block from above (it includes the tick's own 1 ms). Unlike
 * monitorEventLoopDelay, it also sees the synchronous work `run` does before its first await.
 */
export async function longestBlock<T>(run: () => Promise<T>): Promise<{ result: T; longest: number; p99: number }> {
  let last = 0;
  let gaps: number[] = [];
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  try {
    gaps = [];
    last = performance.now();
    const result = await run();
    gaps.push(performance.now() - last);
    gaps.sort((a, b) => a - b);
    return { result, longest: gaps[gaps.length - 1]!, p99: gaps[Math.floor(gaps.length * 0.99)]! };
  } finally {
    clearInterval(ticker);
  }
}
