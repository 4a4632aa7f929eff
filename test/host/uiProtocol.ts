/** Requests a host test sends to the runner's UI driver (test/runner/uiDriver.ts). */
export type UiRequest =
  | { op: 'command'; title: string }
  | { op: 'openViewContainer'; title: string }
  | { op: 'clickTreeItem'; label: string }
  | { op: 'text'; selector: string }
  | { op: 'webviewText'; selector: string; html?: boolean }
  | { op: 'press'; key: string }
  | { op: 'screenshot'; name: string };
