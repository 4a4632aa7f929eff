import * as assert from 'node:assert/strict';
import { redactingLog } from '../../../src/editor/redactingLog';

const TOKEN = 'IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexampleexample';

/** A stand-in for a LogOutputChannel: records what reaches it. */
class Recorder {
  readonly lines: unknown[][] = [];
  readonly name = 'S3 Presign Lens';
  info(...args: unknown[]): void {
    this.lines.push(args);
  }
  error(...args: unknown[]): void {
    this.lines.push(args);
  }
  appendLine(line: string): void {
    this.lines.push([line]);
  }
  show(): string {
    return `shown ${this.name}`;
  }
}

describe('the redacting log', () => {
  it('redacts a session token in every line written, whoever writes it', () => {
    const recorder = new Recorder();
    const log = redactingLog(recorder);
    log.error(
      `GET failed: https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Signature=x`,
    );
    log.info('canonical:', `x-amz-security-token:${TOKEN}`, new Error(`refused: X-Amz-Security-Token=${TOKEN}`));
    log.appendLine(`X-Amz-Security-Token=${TOKEN}`);
    const written = JSON.stringify(recorder.lines);
    assert.equal(recorder.lines.length, 3);
    assert.ok(!written.includes(TOKEN.slice(10, 40)), written);
    assert.match(written, /REDACTED/);
  });

  it('leaves text without a token, and every other member, as they are', () => {
    const recorder = new Recorder();
    const log = redactingLog(recorder);
    log.info('Presigned 3 of 4 objects');
    assert.deepEqual(recorder.lines, [['Presigned 3 of 4 objects']]);
    assert.equal(log.name, 'S3 Presign Lens');
    assert.equal(log.show(), 'shown S3 Presign Lens');
  });
});
