// The presigned-URL engine: plain TypeScript, no `vscode` import. The extension, the CLI and the tests
// all use it through this module; nothing outside src/engine imports its files directly.
export { cleanPastedUrl, type Cleanup } from './clean';
export { escapeControlCharacters, headerProblem, terminalText } from './controls';
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
export { bySeverity, diagnose, MAX_EXPIRES_SECONDS, SEVERITY_ORDER, type DiagnoseOptions } from './diagnose';
export { diffLines, type DiffLine } from './diff';
export { uriEncode } from './encoding';
export { escapeLike, markdownText } from './escaping';
export { EXPIRY_PRESETS, parseExpiry, type ExpiryResult } from './expiry';
export { findPresignedUrls, presignedUrlAt, PresignedUrlScanner, type FoundUrl } from './find';
export { analyzeHost, type HostInfo } from './host';
export type * from './model';
export {
  completionXml,
  DEFAULT_PART_BYTES,
  formatBytes,
  MAX_PART_BYTES,
  MAX_PARTS,
  MIN_PART_BYTES,
  multipartCsv,
  multipartFetchSnippet,
  multipartRole,
  multipartShellScript,
  planParts,
  type MultipartRole,
  type MultipartUrlSet,
  type PartPlan,
} from './multipart';
export { findParam, parsePresignedUrl, type ParseOptions } from './parse';
export { plural } from './plural';
export * from './post';
export { redactSessionTokens } from './redact';
export { parseByteSize, type SizeResult } from './size';
export { decodeReport, verdict, verdictDetails, type DecodeReport } from './report';
export { represignRequest, type RepresignRequest } from './represign';
export { explainS3Error, explainS3ErrorInTurns, parseS3Error, type S3ErrorExplanation } from './s3error';
export { canonicalQueryPairs, canonicalQueryString, signingKey, UNSIGNED_PAYLOAD } from './sigv4';
export {
  clientRequestOf,
  curlCommand,
  dispositionFileName,
  downloadFileName,
  fetchCall,
  htmlSnippet,
  keyFileName,
  pythonRequests,
  shellQuote,
  type ClientRequest,
} from './snippets';
export { ageWords, expiryWords, formatDuration, isoUtc, relative, validityWords, type DurationStyle } from './time';
export { verifyPresignedUrl, verifyPresignedUrlInTurns, type VerifyOptions, type VerifyResult } from './verify';
export {
  COMMON_HEADER_VALUES,
  displayHeader,
  guessContentType,
  isPresignMethod,
  METHODS,
  PRESIGN_METHODS,
  type PresignMethod,
} from './vocabulary';
