// The CLI's byte-level input and output. Input is read up to a cap and no further (standard input, a file,
// /dev/zero alike): one byte past the cap is enough to refuse it. Output is written synchronously, so a
// slow reader holds the CLI back instead of the output piling up in memory, and a reader that has gone
// (`| head -1`) is seen at the write that fails, not after all the work is done.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** Input beyond its cap. */
export class InputTooLarge extends Error {}

/** Output whose reader has gone (EPIPE). */
export class OutputClosed extends Error {}

const CHUNK = 64 * 1024;
/** A descriptor another process left non-blocking answers EAGAIN: wait this long before trying again. */
const RETRY_MS = 5;
const pause = new Int32Array(new SharedArrayBuffer(4));

function retrying<T>(io: () => T): T {
  for (;;) {
    try {
      return io();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, RETRY_MS);
    }
  }
}

/** All of `fd` up to its end, or InputTooLarge once more than `limit` bytes came; reads `limit` + 1 bytes at most. */
export function readUpTo(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
    const n = retrying(() => readSync(fd, buffer, 0, buffer.length, null));
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(buffer.subarray(0, n));
    total += n;
    if (total > limit) throw new InputTooLarge();
  }
}

/** The file at `path` up to `limit` bytes (see readUpTo). A FIFO is read as `cat` reads it: it may wait for a writer. */
export function readFileUpTo(path: string, limit: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readUpTo(fd, limit);
  } finally {
    closeSync(fd);
  }
}

/** Writes all of `text` to `fd`; OutputClosed when the reader has gone. */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length;) {
    try {
      at += retrying(() => writeSync(fd, bytes, at, bytes.length - at));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') throw new OutputClosed();
      throw err;
    }
  }
}

export const mebibytes = (bytes: number): string => `${bytes / (1024 * 1024)} MiB`;
