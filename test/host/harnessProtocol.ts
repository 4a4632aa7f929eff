import type { PaintedQuery } from '../runner/colors';
import type { CropTarget } from '../runner/ui';

/** Requests a host test sends to the runner's harness (test/runner/harness.ts). */
export type UiRequest =
  | { op: 'command'; title: string }
  | { op: 'paletteEnter'; text: string }
  | { op: 'treeItemMenu'; label: string; action: string }
  | { op: 'treeItemMenuEntries'; label: string }
  | { op: 'mouseAway' }
  | { op: 'click'; selector: string }
  | { op: 'resizeSideBar'; width: number }
  | { op: 'crop'; name: string; targets: readonly CropTarget[]; pad?: number }
  | { op: 'painted'; query: PaintedQuery; webview: boolean }
  | { op: 'openViewContainer'; title: string }
  | { op: 'clickTreeItem'; label: string }
  | { op: 'text'; selector: string; timeout?: number }
  | { op: 'webviewText'; selector: string; html?: boolean }
  | { op: 'webviewClick'; selector: string }
  | { op: 'webviewFill'; selector: string; text: string }
  | { op: 'webviewSelect'; selector: string; value: string }
  | { op: 'press'; key: string }
  | { op: 'type'; text: string }
  | { op: 'screenshot'; name: string };

/** Control of the local S3 server the runner owns, for failure and recovery tests. */
export type S3Request = { op: 's3.stop' } | { op: 's3.start' } | { op: 's3.deleteBucket'; bucket: string };

export type HarnessRequest = UiRequest | S3Request;
