// Counts in words, for every message that counts something: "1 bucket", "2 buckets", "1,001 URLs". Never
// "bucket(s)".

/** `count` and the noun it counts, in the singular for 1 and the plural otherwise; thousands grouped. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
