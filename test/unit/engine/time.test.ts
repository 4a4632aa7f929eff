import * as assert from 'node:assert/strict';
import { ageWords, expiryWords, formatDuration, plural, relative, validityWords } from '../../../src/engine';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

describe('durations in words', () => {
  it('says the two largest units, rounded to the nearest of the smaller one', () => {
    assert.equal(formatDuration(2 * DAY + 23 * H + 40 * MIN), '3 days', 'never "2 days" for 2 days 23 h 40 min');
    assert.equal(formatDuration(2 * DAY + 23 * H + 20 * MIN), '2 days 23 h');
    assert.equal(formatDuration(23 * H + 47 * MIN + 10 * S), '23 h 47 min');
    assert.equal(formatDuration(23 * H + 59 * MIN + 40 * S), '1 day', 'carried into the next unit');
    assert.equal(formatDuration(H + 5 * S), '1 h');
    assert.equal(formatDuration(59 * MIN + 11 * S), '59 min 11 s');
    assert.equal(formatDuration(6 * MIN), '6 min');
    assert.equal(formatDuration(45 * S + 400), '45 s');
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(-(DAY + 2 * H)), '1 day 2 h', 'the sign is for the caller to word');
    assert.equal(formatDuration(Number.NaN), '0 s');
  });

  it('says the largest unit alone when coarse, rounded to the nearest', () => {
    assert.equal(formatDuration(2 * DAY + 23 * H, 'coarse'), '3 days');
    assert.equal(formatDuration(2 * DAY + 11 * H, 'coarse'), '2 days');
    assert.equal(formatDuration(23 * H + 10 * MIN, 'coarse'), '23 h');
    assert.equal(formatDuration(MIN + 59 * S, 'coarse'), '2 min');
    assert.equal(formatDuration(59 * MIN + 40 * S, 'coarse'), '1 h');
    assert.equal(formatDuration(12 * S, 'coarse'), '12 s');
  });

  it('words an expiry, a validity and an instant in the same units', () => {
    const now = new Date('2026-03-14T12:00:00Z');
    const at = (ms: number): Date => new Date(now.getTime() + ms);
    assert.equal(expiryWords(at(23 * H + 47 * MIN), now), 'expires in 23 h 47 min');
    assert.equal(expiryWords(at(-(2 * DAY + 23 * H)), now), 'expired 2 days 23 h ago');
    assert.equal(expiryWords(at(-(2 * DAY + 23 * H)), now, 'coarse'), 'expired 3 days ago');
    assert.equal(validityWords(at(6 * MIN), now), 'Valid for 6 min');
    assert.equal(relative(at(90 * MIN), now), 'in 1 h 30 min');
  });

  it('gives coarse ages: "just now" under a minute, then one unit', () => {
    const now = new Date('2026-03-14T12:00:00Z');
    const ago = (ms: number): Date => new Date(now.getTime() - ms);
    assert.equal(ageWords(ago(40 * S), now), 'just now');
    assert.equal(ageWords(ago(MIN + 59 * S), now), '2 min ago');
    assert.equal(ageWords(ago(15 * MIN + 12 * S), now), '15 min ago');
    assert.equal(ageWords(ago(64 * MIN), now), '1 h ago');
    assert.equal(ageWords(ago(40 * DAY), now), '40 days ago');
    assert.equal(ageWords(ago(-5 * MIN), now), 'just now', 'a clock ahead of ours');
  });
});

describe('counts in words', () => {
  it('uses the singular for one, the plural otherwise, with thousands grouped', () => {
    assert.equal(plural(1, 'bucket'), '1 bucket');
    assert.equal(plural(0, 'bucket'), '0 buckets');
    assert.equal(plural(1001, 'URL'), '1,001 URLs');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
  });
});
