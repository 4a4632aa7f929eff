// A log channel whose every line passes through the engine's token redaction first, whoever writes it: an
// error message that quotes a request (an SDK error, a fetch failure, S3's own echo) cannot put a session
// token into the log. No vscode import: the wrapper works on any object with the log's methods.
import { redactSessionTokens } from '../engine';

/** The methods that write text (LogOutputChannel's). */
const WRITERS: ReadonlySet<string> = new Set([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'append',
  'appendLine',
  'replace',
]);

/** `value` as the log may hold it: text redacted, an error as its redacted message. */
function redacted(value: unknown): unknown {
  if (typeof value === 'string') return redactSessionTokens(value);
  if (value instanceof Error) return redactSessionTokens(value.message);
  return value;
}

export function redactingLog<T extends object>(channel: T): T {
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return WRITERS.has(String(property))
        ? (...args: unknown[]) => method.apply(target, args.map(redacted))
        : (...args: unknown[]) => method.apply(target, args);
    },
  });
}
