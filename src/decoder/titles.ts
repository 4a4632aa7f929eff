// The decoder tabs' titles: the object's name, and when two open URLs name the same object, what tells them
// apart (method, bucket, expiry), so that no two tabs carry the same title for different URLs. Pure.
import { isoUtc, type PresignedUrl } from '../engine';

type Titled = Pick<PresignedUrl, 'key' | 'bucket' | 'host' | 'methodHint' | 'expiresAt'>;

/** What a URL is called on its tab before anything else: the last segment of its key, else the bucket or host. */
export function shortName(url: Titled): string {
  return url.key?.slice(url.key.lastIndexOf('/') + 1) || url.bucket || url.host.host;
}

/** What may tell two URLs of the same name apart, in the order it is tried. */
const DETAILS: readonly ((url: Titled) => string | undefined)[] = [
  (url) => url.methodHint?.method,
  (url) => url.bucket,
  (url) => (url.expiresAt ? `expires ${isoUtc(url.expiresAt)}` : undefined),
];

/** Every subset of DETAILS' indexes, smallest first: the fewest details that tell the URLs apart win. */
const DETAIL_SETS: readonly (readonly number[])[] = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];

function titleWith(url: Titled, details: readonly number[]): string {
  const parts = details.map((i) => DETAILS[i]!(url)).filter((p): p is string => p !== undefined);
  return `Presigned URL: ${shortName(url)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * A title for each URL, in order: "Presigned URL: README.txt", and where names collide, with the fewest
 * details that tell them apart ("… (PUT)", "… (GET, expires 2026-11-30T10:00:00Z)"); URLs alike in all of
 * these are numbered.
 */
export function panelTitles(urls: readonly Titled[]): string[] {
  const byName = new Map<string, number[]>();
  urls.forEach((url, i) => {
    const name = shortName(url);
    const same = byName.get(name);
    if (same) same.push(i);
    else byName.set(name, [i]);
  });
  const titles = urls.map(() => '');
  for (const indexes of byName.values()) {
    // The fewest details that tell the most URLs apart; the ones still alike are numbered.
    const distinct = (details: readonly number[]): number =>
      new Set(indexes.map((i) => titleWith(urls[i]!, details))).size;
    const set = DETAIL_SETS.reduce((best, details) => (distinct(details) > distinct(best) ? details : best));
    const seen = new Map<string, number>();
    for (const i of indexes) {
      const title = titleWith(urls[i]!, set);
      const n = (seen.get(title) ?? 0) + 1;
      seen.set(title, n);
      titles[i] = n === 1 ? title : `${title} [${n}]`;
    }
  }
  return titles;
}
