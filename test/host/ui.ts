// Drives the workbench around the extension host the tests run in, through the runner's UI driver.
// Available under the code-server runner (npm test); the desktop runner has no page to drive.
import type { UiRequest } from './uiProtocol';

const driverUrl = process.env['S3PL_UI_DRIVER'];

async function send<T>(req: UiRequest): Promise<T> {
  if (!driverUrl) throw new Error('No UI driver: UI tests run under the code-server runner (npm test).');
  const response = await fetch(driverUrl, { method: 'POST', body: JSON.stringify(req) });
  const payload = (await response.json()) as { result?: T; error?: string };
  if (!response.ok) throw new Error(`UI driver ${req.op} failed: ${payload.error ?? response.status}`);
  return payload.result as T;
}

export const ui = {
  available: driverUrl !== undefined,
  /** Runs a command through F1 and the quick pick, by its palette title ("S3 Presign Lens: Show Log"). */
  runCommand: (title: string) => send<null>({ op: 'command', title }),
  /** Clicks an activity bar entry by its title. */
  openViewContainer: (title: string) => send<null>({ op: 'openViewContainer', title }),
  clickTreeItem: (label: string) => send<null>({ op: 'clickTreeItem', label }),
  /** The rendered text of the first visible workbench element matching a CSS selector (waits for it). */
  text: (selector: string) => send<string>({ op: 'text', selector }),
  /** Text (or outer HTML) of the first element matching a CSS selector in the newest webview. */
  webviewText: (selector: string, html = false) => send<string>({ op: 'webviewText', selector, html }),
  press: (key: string) => send<null>({ op: 'press', key }),
  /** Saves a PNG of the workbench to test-results/<name>.png and returns its path. */
  screenshot: (name: string) => send<string>({ op: 'screenshot', name }),
};
