// The presigned-URL engine: plain TypeScript, no `vscode` import. The extension, the CLI and the tests
// all use it through this module; nothing outside src/engine imports its files directly.
export { cleanPastedUrl, type Cleanup } from './clean';
export { escapeControlCharacters, headerProblem, terminalText } from './controls';
export { bySeverity, diagnose, MAX_EXPIRES_SECONDS, SEVERITY_ORDER, type DiagnoseOptions } from './diagnose';
export { diffLines, type DiffLine } from './diff';
export { uriEncode } from './encoding';
export { escapeLike, markdownText } from './escaping';
export { EXPIRY_PRESETS, parseExpiry, type ExpiryResult } from './expiry';
export { findPresignedUrls, presignedUrlAt, PresignedUrlScanner, type FoundUrl } from './find';
export { analyzeHost, type HostInfo } from './host';
export type * from './model';
export { findParam, parsePresignedUrl, type ParseOptions } from './parse';
export * from './post';
export { redactSessionTokens } from './redact';
export { decodeReport, verdict, verdictDetails, type DecodeReport } from './report';
export { represignRequest, type RepresignRequest } from './represign';
export { explainS3Error, parseS3Error, type S3ErrorExplanation } from './s3error';
export { canonicalQueryPairs, canonicalQueryString, signingKey, UNSIGNED_PAYLOAD } from './sigv4';
export {
  clientRequestOf,
  curlCommand,
  fetchCall,
  keyFileName,
  pythonRequests,
  shellQuote,
  type ClientRequest,
} from './snippets';
export { expiryWords, formatDuration, isoUtc, relative, validityWords } from './time';
export { verifyPresignedUrl, type VerifyOptions, type VerifyResult } from './verify';
export {
  COMMON_HEADER_VALUES,
  displayHeader,
  guessContentType,
  isPresignMethod,
  METHODS,
  PRESIGN_METHODS,
  type PresignMethod,
} from './vocabulary';
