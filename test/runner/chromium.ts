// How the tests start Debian's Chromium headless on a machine whose network is closed: no sandbox (root),
// no GPU, and none of the background connections it would otherwise retry for ever.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
