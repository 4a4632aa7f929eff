// The browser-uploads commands' code: a bundle of its own (dist/uploads.js) with the CORS engine, the
// multipart script writers and the reports, required the first time one of the commands runs
// (./index.ts), never at activation.
export { checkCors, type CorsCheckArgs, type CorsCheckOutcome } from './corsCheck';
export { presignMultipartCommand, type MultipartArgs, type MultipartOutcome } from './multipart';
export { staleUploadsCommand, type AbortConfirmation, type StaleUploadsArgs, type StaleUploadsOutcome } from './stale';
