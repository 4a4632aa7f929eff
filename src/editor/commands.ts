// Every command id of the extension, in one table: features register and run commands through it, never
// through string literals, and a unit test holds it against package.json's contributions.

export const Command = {
  showLog: 's3presign.showLog',
  decode: 's3presign.decode',
  presign: 's3presign.presign',
  presignPrefix: 's3presign.presignPrefix',
  /** This session's presigned URLs, to copy or decode again without signing again. */
  recentUrls: 's3presign.recentUrls',
  presignPost: 's3presign.presignPost',
  scanWorkspace: 's3presign.scanWorkspace',
  represignUrl: 's3presign.represignUrl',
  copyCurl: 's3presign.copyCurl',
  /** A node and what it listed (its menus), or the whole view when given none (the palette). */
  refresh: 's3presign.refresh',
  /** The whole view: the title bar's Refresh, which VS Code hands the focused node. */
  refreshAll: 's3presign.refreshAll',
  filter: 's3presign.filter',
  clearFilter: 's3presign.clearFilter',
  addBucket: 's3presign.addBucket',
  removeBucket: 's3presign.removeBucket',
  openAwsConfig: 's3presign.openAwsConfig',
  setDefaultProfile: 's3presign.setDefaultProfile',
  copyS3Uri: 's3presign.copyS3Uri',
  copyKey: 's3presign.copyKey',
  copyObjectUrl: 's3presign.copyObjectUrl',
  loadMore: 's3presign.loadMore',
  loadAll: 's3presign.loadAll',
  retry: 's3presign.retry',
  /** Will the page's request work? A presigned URL (text or place), a bucket node, or `CorsCheckArgs`. */
  checkCors: 's3presign.checkCors',
  presignMultipart: 's3presign.presignMultipart',
  staleUploads: 's3presign.staleUploads',
  /** Opens docs/findings.md rendered at a problem code's section: the Problems panel's code links run it. */
  showFinding: 's3presign.showFinding',
  /** Shows an object in the Buckets view: `{ profile, bucket, key }`. Run by the decoder. */
  revealInExplorer: 's3presign.revealInExplorer',
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];

/** Views and webview panels the extension contributes. */
export const View = {
  explorer: 's3presign.explorer',
  urls: 's3presign.urls',
  decoder: 's3presign.decoder',
} as const;

/** The `setContext` keys menus' `when` clauses read. */
export const ContextKey = {
  filterActive: 's3presign.filterActive',
} as const;
