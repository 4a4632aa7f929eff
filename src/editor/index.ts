// What the editor features share below them: the context every feature gets, typed settings, the log,
// the command table, a URL's place in a document, and time-sliced work on the extension host.
export { Command, ContextKey, View, type CommandId } from './commands';
export { config, type DiagnosticsMode } from './config';
export { Ctx } from './context';
export type { GeneratedDocuments } from './generated';
export { isUrlRef, refOf, resolveRef, urlAtPosition, type LocatedUrl, type UrlRef } from './locate';
export { createLog, registerShowLog } from './log';
export { inSlices, turnTaker, type Sliced } from './slices';
