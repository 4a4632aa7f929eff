// The sandbox's first impression (`npm start`): what a new user sees before touching anything.
import * as assert from 'node:assert/strict';
import { firstScreen } from './setup';

describe('the sandbox’s first screen', () => {
  it('shows WELCOME.md rendered beside the S3 Presign Lens view, with the sandbox profile listed (screenshot)', () => {
    const screen = firstScreen();
    assert.match(screen.activeTab, /^Preview WELCOME\.md/);
    assert.equal(screen.sideBar, 'S3 Presign Lens');
    assert.match(screen.buckets, /^sandbox/);
    assert.deepEqual(screen.tableHeader, ['What', 'Where'], 'the table has a header row');
  });
});
