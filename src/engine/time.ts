// Durations and instants in words, for every surface (findings, verdicts, notifications, badges, the Buckets
// view's ages): one style everywhere ("2 days 23 h", "3 h 12 min", "45 s"), rounded to the nearest of the
// smallest unit shown, so that 2 days 23 h 40 min is never worded "2 days".

const UNITS: readonly { readonly ms: number; readonly words: (n: number) => string }[] = [
  { ms: 86_400_000, words: (n) => `${n} day${n === 1 ? '' : 's'}` },
  { ms: 3_600_000, words: (n) => `${n} h` },
  { ms: 60_000, words: (n) => `${n} min` },
  { ms: 1000, words: (n) => `${n} s` },
];

/**
 * How much a duration says: `precise` (the default) the largest unit and the next one ("2 days 23 h",
 * "59 min 11 s"), for messages read once; `coarse` the largest unit alone ("3 days", "59 min"), for what
 * is glanced at and refreshed (badges, ages in a tree).
 */
export type DurationStyle = 'precise' | 'coarse';

/** A duration in words, sign ignored: "2 days 23 h", "3 h 12 min", "45 s" (precise); "3 days", "3 h" (coarse). */
export function formatDuration(ms: number, style: DurationStyle = 'precise'): string {
  const abs = Number.isFinite(ms) ? Math.abs(ms) : 0;
  const last = UNITS.length - 1;
  let i = UNITS.findIndex((unit) => abs >= unit.ms);
  if (i < 0) i = last;
  const resolution = UNITS[style === 'coarse' ? i : Math.min(i + 1, last)]!;
  const rounded = Math.round(abs / resolution.ms) * resolution.ms;
  // Rounding may carry into the unit above: 23 h 59 min 40 s to the minute is 1 day, not 23 h 60 min.
  if (i > 0 && rounded >= UNITS[i - 1]!.ms) i--;
  const unit = UNITS[i]!;
  const top = Math.floor(rounded / unit.ms);
  const rest = Math.round((rounded - top * unit.ms) / resolution.ms);
  return resolution === unit || rest === 0 ? unit.words(top) : `${unit.words(top)} ${resolution.words(rest)}`;
}

/** "in 3 h 12 min" or "2 days ago". */
export function relative(at: Date, now: Date, style: DurationStyle = 'precise'): string {
  const ms = at.getTime() - now.getTime();
  return ms >= 0 ? `in ${formatDuration(ms, style)}` : `${formatDuration(ms, style)} ago`;
}

/** "expires in 3 h 12 min" or "expired 2 days ago". */
export function expiryWords(expiresAt: Date, now: Date, style: DurationStyle = 'precise'): string {
  const ms = expiresAt.getTime() - now.getTime();
  return ms > 0 ? `expires in ${formatDuration(ms, style)}` : `expired ${formatDuration(ms, style)} ago`;
}

/** A headline's words for how long a URL lasts: "Valid for 52 min", "Expired 2 days ago". */
export function validityWords(expiresAt: Date | undefined, now: Date): string {
  if (!expiresAt) return 'No expiry could be read';
  const ms = expiresAt.getTime() - now.getTime();
  return ms > 0 ? `Valid for ${formatDuration(ms)}` : `Expired ${formatDuration(ms)} ago`;
}

/** How long ago something happened, coarse, for lists that are glanced at: "just now", "2 min ago", "3 days ago". */
export function ageWords(at: Date, now: Date): string {
  const ms = now.getTime() - at.getTime();
  return ms < 60_000 ? 'just now' : `${formatDuration(ms, 'coarse')} ago`;
}

/** ISO-8601 UTC without milliseconds: 2026-11-22T08:00:00Z. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
