// Whether a process the tests started (through a credential_process) is still running. A killed process
// whose parent has gone stays a zombie until PID 1 reaps it, which a container's PID 1 may never do: dead
// all the same, and counted as such.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // "pid (name) S …": the state follows the name's closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** True once `pid` has ended; false if it still runs after `withinMs` (a kill takes effect at once). */
export async function processGone(pid: number, withinMs = 5000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < withinMs; await sleep(20)) if (!running(pid)) return true;
  return !running(pid);
}
