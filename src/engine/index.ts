// The presigned-URL engine: plain TypeScript, no `vscode` import. The extension, the CLI and the tests
// all use it through this module.
export { cleanPastedUrl, type Cleanup } from './clean';
export { bySeverity, diagnose, MAX_EXPIRES_SECONDS, type DiagnoseOptions } from './diagnose';
export { diffLines, type DiffLine } from './diff';
export { findPresignedUrls, type FoundUrl } from './find';
export { analyzeHost, type HostInfo } from './host';
export type * from './model';
export { parsePresignedUrl } from './parse';
export { redactSessionTokens } from './redact';
export { decodeReport, verdict, type DecodeReport } from './report';
export { explainS3Error, parseS3Error, type S3ErrorExplanation } from './s3error';
export { expiryWords, formatDuration, isoUtc, relative } from './time';
export { verifyPresignedUrl, type VerifyOptions, type VerifyResult } from './verify';
export { EXPIRY_PRESETS, parseExpiry, type ExpiryResult } from './expiry';
export {
  clientRequestOf,
  curlCommand,
  fetchCall,
  keyFileName,
  pythonRequests,
  shellQuote,
  type ClientRequest,
} from './snippets';
export { escapeLike, markdownText } from './escaping';
export { presignedUrlAt, PresignedUrlScanner } from './find';
export {
  checkBrowserAccess,
  evaluateCors,
  pageRequest,
  parseCorsConfiguration,
  preflightRedirects,
  serializeOrigin,
  suggestCorsFix,
  type BrowserAccessInput,
  type BrowserAccessReport,
  type CorsConfiguration,
  type CorsEvaluation,
  type CorsFinding,
  type CorsFix,
  type CorsParseResult,
  type CorsRule,
  type PageRequest,
} from './cors';
