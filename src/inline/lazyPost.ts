// The POST policy reader (postNotes.ts), required the first time a file holds a policy: the build turns this
// require into a runtime require of dist/post-notes.js (scripts/build.mjs); compiled by tsc it loads
// ./postNotes.js. Synchronous and a few milliseconds once, so a hover or a problem can use it at once.
import type * as PostNotes from './postNotes';

let code: typeof PostNotes | undefined;

export function postNotes(): typeof PostNotes {
  code ??= require('./postNotes.js') as typeof PostNotes;
  return code;
}
