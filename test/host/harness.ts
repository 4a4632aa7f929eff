// Reaches out of the extension host to the runner: the workbench page (UI) and the local S3 server.
// Available under the code-server runner (npm test); the desktop runner has no page to drive.
import type { PaintedQuery, PaintedText } from '../runner/colors';
import type { CropTarget } from '../runner/ui';
import type { CorsRuleJson, FormFile, HarnessRequest } from './harnessProtocol';

const harnessUrl = process.env['S3PL_HARNESS'];

async function send<T>(req: HarnessRequest): Promise<T> {
  if (!harnessUrl) throw new Error('No harness: these tests run under the code-server runner (npm test).');
  const response = await fetch(harnessUrl, { method: 'POST', body: JSON.stringify(req) });
  const payload = (await response.json()) as { result?: T; error?: string };
  if (!response.ok) throw new Error(`harness ${req.op} failed: ${payload.error ?? response.status}`);
  return payload.result as T;
}

export const harnessAvailable = harnessUrl !== undefined;

export const ui = {
  available: harnessAvailable,
  /** Runs a command through F1 and the quick pick, by its palette title ("S3 Presign Lens: Show Log"). */
  runCommand: (title: string) => send<null>({ op: 'command', title }),
  /** Types text into the command palette and presses Enter: whatever comes first runs, as for a user. */
  paletteEnter: (text: string) => send<null>({ op: 'paletteEnter', text }),
  /** Opens a tree item's context menu (by the item's accessible name) and runs the entry labelled `action`. */
  treeItemMenu: (label: string, action: string) => send<null>({ op: 'treeItemMenu', label, action }),
  /** The entries of a tree item's context menu. */
  treeItemMenuEntries: (label: string, screenshot?: string) =>
    send<string[]>({ op: 'treeItemMenuEntries', label, screenshot }),
  /** Text as painted, with its colour and backgrounds, in the workbench or the newest visible webview. */
  painted: (query: PaintedQuery, webview = false) => send<PaintedText[]>({ op: 'painted', query, webview }),
  /** Saves a picture of the part of the window that holds the targets (test-results/images, or S3PL_IMAGES_DIR). */
  crop: (name: string, targets: readonly CropTarget[], pad?: number) =>
    send<string>({ op: 'crop', name, targets, pad }),
  /** Makes the side bar that many pixels wide, dragging its sash. */
  resizeSideBar: (width: number) => send<null>({ op: 'resizeSideBar', width }),
  /** Moves the mouse pointer off the editor, where it would raise hovers of its own. */
  mouseAway: () => send<null>({ op: 'mouseAway' }),
  /** Clicks an activity bar entry by its title (only when its view is not already shown). */
  openViewContainer: (title: string) => send<null>({ op: 'openViewContainer', title }),
  clickTreeItem: (label: string) => send<null>({ op: 'clickTreeItem', label }),
  /**
   * Clicks the first visible workbench element matching a CSS selector (waits for it); `hover` first moves
   * the mouse over another (a view's header, whose actions show only then).
   */
  click: (selector: string, hover?: string) => send<null>({ op: 'click', selector, hover }),
  /** The rendered text of the first visible workbench element matching a CSS selector (waits for it). */
  text: (selector: string, timeout?: number) => send<string>({ op: 'text', selector, timeout }),
  /** Text (or outer HTML) of the first element matching a CSS selector in the newest webview. */
  webviewText: (selector: string, html = false) => send<string>({ op: 'webviewText', selector, html }),
  /** Clicks, fills or selects in the newest visible webview. */
  webviewClick: (selector: string) => send<null>({ op: 'webviewClick', selector }),
  webviewFill: (selector: string, text: string) => send<null>({ op: 'webviewFill', selector, text }),
  webviewSelect: (selector: string, value: string) => send<null>({ op: 'webviewSelect', selector, value }),
  press: (key: string) => send<null>({ op: 'press', key }),
  /** Types text where the focus is (a quick input, an editor). */
  type: (text: string) => send<null>({ op: 'type', text }),
  /** Saves a PNG of the workbench to test-results/<name>.png and returns its path. */
  screenshot: (name: string) => send<string>({ op: 'screenshot', name }),
  /** Submits an HTML form from a browser page of its own, `file` chosen; a screenshot of the filled form. */
  submitForm: (html: string, file: FormFile, screenshot: string) =>
    send<{ status: number; body: string }>({ op: 'submitForm', html, file, screenshot }),
  /** Opens a page in a new tab of the workbench's browser; the text of its `#result` once `until` shows. */
  browse: (url: string, until: string, screenshot: string) => send<string>({ op: 'browse', url, until, screenshot }),
};

/** The local S3 server behind the test profiles (same port and data across a stop and a start). */
export const localS3 = {
  stop: () => send<null>({ op: 's3.stop' }),
  start: () => send<null>({ op: 's3.start' }),
  deleteBucket: (bucket: string) => send<null>({ op: 's3.deleteBucket', bucket }),
  putBucketCors: (bucket: string, rules: readonly CorsRuleJson[] | null) =>
    send<null>({ op: 's3.putBucketCors', bucket, rules }),
};

/** The bundles of this extension, as the extension host loads them. */
const OUR_CODE = /\/dist\/(?:extension|decoder-panel|sdk)\.js$/;

/** The profiler's sampling interval, in microseconds. */
const SAMPLE_US = 500;

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Runs `run` and returns the longest time this extension's code held the extension host between two of its
 * turns. The extension host also runs VS Code's built-in extensions (npm, JSON, Git…), and a busy machine
 * may deschedule it: a clock alone (longestBlock) counts both as blocks. So a 1 ms ticker marks the turns
 * (on the monotonic clock the CPU profiler uses too), the profiler samples every 0.5 ms, and for each gap
 * between two turns only the samples with one of this extension's frames on their stack count (garbage
 * collection right after such a sample counts as ours too), each for one sampling interval.
 */
export async function longestOwnBlock<T>(run: () => Promise<T>): Promise<{ result: T; longest: number }> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = <R>(method: string, params: object = {}): Promise<R> =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, answer) => (err ? reject(err) : resolve(answer as R))),
    );
  const microseconds = (): number => Number(process.hrtime.bigint() / 1000n);
  const turns: number[] = [];
  const ticker = setInterval(() => turns.push(microseconds()), 1);
  try {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: SAMPLE_US });
    await post('Profiler.start');
    turns.push(microseconds());
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await run() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    turns.push(microseconds());
    const { profile } = await post<{ profile: Profile }>('Profiler.stop');
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.value, longest: longestOwnGap(profile, turns) / 1000 };
  } finally {
    clearInterval(ticker);
    session.disconnect();
  }
}

/** The most microseconds of our samples between two consecutive turns (both sorted in time). */
function longestOwnGap(profile: Profile, turns: readonly number[]): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    let answer = memo.get(id);
    if (answer === undefined) {
      const up = parent.get(id);
      answer = OUR_CODE.test(byId.get(id)!.callFrame.url) || (up !== undefined && isOurs(up));
      memo.set(id, answer);
    }
    return answer;
  };
  const isGc = (id: number): boolean => byId.get(id)!.callFrame.functionName === '(garbage collector)';
  let longest = 0;
  let gap = 0;
  let ours = 0;
  let previousOurs = false;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    // A turn between the previous sample and this one ends a gap.
    while (gap < turns.length && turns[gap]! < at) {
      gap++;
      ours = 0;
    }
    const counted = isOurs(id) || (previousOurs && isGc(id));
    previousOurs = counted;
    // A sample stands for one interval of work: the profiler interrupts the extension host's thread, which
    // answers only while it runs, so a thread waiting for a core (a loaded machine) is not sampled meanwhile.
    // Counting samples, not the time between them, counts the work and not the wait.
    if (counted) ours += SAMPLE_US;
    longest = Math.max(longest, ours);
  });
  return longest;
}

/**
 * Runs `run` and measures how long the extension host went without turning: a 1 ms ticker notes each
 * turn, so the gap between two ticks bounds a block from above (it includes the tick's own 1 ms). Unlike
 * monitorEventLoopDelay, it also sees the synchronous work `run` does before its first await.
 */
export async function longestBlock<T>(run: () => Promise<T>): Promise<{ result: T; longest: number; p99: number }> {
  let last = 0;
  let gaps: number[] = [];
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  try {
    gaps = [];
    last = performance.now();
    const result = await run();
    gaps.push(performance.now() - last);
    gaps.sort((a, b) => a - b);
    return { result, longest: gaps[gaps.length - 1]!, p99: gaps[Math.floor(gaps.length * 0.99)]! };
  } finally {
    clearInterval(ticker);
  }
}
