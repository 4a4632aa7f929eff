// The Swift harness on its fallback path: where the temp folder has no user xattrs it runs the object server
// on a loop-mounted ext4 image. Forced here (this machine's temp folder has xattrs; the differential suite
// runs on it directly), and checked to leave no process, mount or folder behind.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { sendRaw } from '../../../scripts/lib/rawHttp';
import { processGroupAlive, startSwiftS3, type SwiftS3 } from '../../../scripts/lib/swiftS3';

describe('Swift S3 harness on a loop-mounted image', function () {
  this.timeout(300_000);
  let swift: SwiftS3;

  before(async () => {
    swift = await startSwiftS3({ forceLoopImage: true });
  });
  after(async () => {
    await swift?.stop();
  });

  it('serves S3 from the image', async () => {
    assert.equal(swift.storage, 'loop-mounted-ext4');
    assert.ok(readFileSync('/proc/self/mounts', 'utf8').includes(`${swift.directory}/devices `));
    await swift.createBucket('loop-bucket');
    await swift.putObject('loop-bucket', 'stored on ext4.txt', 'kept in user xattrs');
    const health = await sendRaw({
      host: '127.0.0.1',
      port: swift.port,
      method: 'GET',
      target: '/healthcheck',
      headers: [['Host', `127.0.0.1:${swift.port}`]],
    });
    assert.equal(health.body.toString(), 'OK');
  });

  it('stops every server by its process group, unmounts the image and removes the folder', async () => {
    assert.equal(swift.pids.length, 4);
    assert.ok(swift.pids.every(processGroupAlive));
    await swift.stop();
    assert.deepEqual(swift.pids.filter(processGroupAlive), []);
    assert.ok(!readFileSync('/proc/self/mounts', 'utf8').includes(swift.directory));
    assert.ok(!existsSync(swift.directory));
  });
});
