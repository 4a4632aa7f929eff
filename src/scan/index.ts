// Finding presigned URLs in files and folders: text decoding, .gitignore rules and globs, the walker the
// CLI uses. Plain Node (no `vscode`): the CLI and the editor's workspace scan share it.
export { IgnoreScope, MAX_GITIGNORE_BYTES, parseGitignore, type Gitignore } from './gitignore';
export { keyFilter } from './glob';
export {
  MAX_FILE_BYTES,
  offsetsOf,
  readText,
  scanText,
  TextScan,
  type DecodedHit,
  type PostPolicyDescriber,
  type ScanHit,
} from './text';
export { scanPaths, type ScanStats } from './walk';
