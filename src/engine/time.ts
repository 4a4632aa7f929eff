// Durations and instants in words, for findings and verdicts ("3 h 12 min", "expired 2 days ago").

/** A duration in the two largest units: "2 days 3 h", "3 h 12 min", "45 s". */
export function formatDuration(ms: number): string {
  let s = Math.round(Math.abs(ms) / 1000);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  const seconds = s - minutes * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds || parts.length === 0) parts.push(`${seconds} s`);
  return parts.slice(0, 2).join(' ');
}

/** "in 3 h 12 min" or "2 days ago". */
export function relative(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(ms)} ago`;
}

/** "expires in 3 h 12 min" or "expired 2 days ago". */
export function expiryWords(expiresAt: Date, now: Date): string {
  const ms = expiresAt.getTime() - now.getTime();
  return ms > 0 ? `expires in ${formatDuration(ms)}` : `expired ${formatDuration(ms)} ago`;
}

/** A headline's words for how long a URL lasts: "Valid for 52 min", "Expired 2 days ago". */
export function validityWords(expiresAt: Date | undefined, now: Date): string {
  if (!expiresAt) return 'No expiry could be read';
  const ms = expiresAt.getTime() - now.getTime();
  return ms > 0 ? `Valid for ${formatDuration(ms)}` : `Expired ${formatDuration(ms)} ago`;
}

/** ISO-8601 UTC without milliseconds: 2026-11-22T08:00:00Z. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
