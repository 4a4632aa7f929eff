import type { PaintedQuery } from '../runner/colors';
import type { CropTarget } from '../runner/ui';

/** Requests a host test sends to the runner's harness (test/runner/harness.ts). */
export type UiRequest =
  | { op: 'command'; title: string }
  | { op: 'paletteEnter'; text: string }
  | { op: 'treeItemMenu'; label: string; action: string }
  | { op: 'treeItemMenuEntries'; label: string; screenshot?: string }
  | { op: 'mouseAway' }
  | { op: 'resizeSideBar'; width: number }
  | { op: 'crop'; name: string; targets: readonly CropTarget[]; pad?: number }
  | { op: 'painted'; query: PaintedQuery; webview: boolean }
  | { op: 'openViewContainer'; title: string }
  | { op: 'clickTreeItem'; label: string }
  | { op: 'click'; selector: string; hover?: string }
  | { op: 'text'; selector: string; timeout?: number }
  | { op: 'webviewText'; selector: string; html?: boolean }
  | { op: 'webviewClick'; selector: string }
  | { op: 'webviewFill'; selector: string; text: string }
  | { op: 'webviewSelect'; selector: string; value: string }
  | { op: 'press'; key: string }
  | { op: 'type'; text: string }
  | { op: 'screenshot'; name: string }
  | { op: 'submitForm'; html: string; file: FormFile; screenshot: string }
  /**
   * Opens `url` in a new tab of the workbench's browser, waits for `until` (a CSS selector), saves a PNG to
   * test-results/<screenshot>.png and answers the text of `#result`; the tab is closed.
   */
  | { op: 'browse'; url: string; until: string; screenshot: string };

/** A file a person would choose in a form's file input. */
export interface FormFile {
  readonly name: string;
  readonly mimeType: string;
  readonly content: string;
}

/** Control of the local S3 server the runner owns, for failure and recovery tests. */
export type S3Request =
  | { op: 's3.stop' }
  | { op: 's3.start' }
  | { op: 's3.deleteBucket'; bucket: string }
  /** Puts the bucket's CORS rules (console JSON keys), or deletes them (null). */
  | { op: 's3.putBucketCors'; bucket: string; rules: readonly CorsRuleJson[] | null };

/** A CORS rule as the S3 console writes it. */
export interface CorsRuleJson {
  readonly ID?: string;
  readonly AllowedHeaders?: readonly string[];
  readonly AllowedMethods: readonly string[];
  readonly AllowedOrigins: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAgeSeconds?: number;
}

export type HarnessRequest = UiRequest | S3Request;
