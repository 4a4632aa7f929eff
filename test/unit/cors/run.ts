// Runs a CORS case through the engine, for the engine's tests and the comparison with s3rver.
import * as assert from 'node:assert/strict';
import { parsePresignedUrl } from '../../../src/engine';
import {
  evaluateCors,
  pageRequest,
  parseCorsConfiguration,
  type CorsConfiguration,
  type CorsEvaluation,
} from '../../../src/engine/cors';
import type { CorsCase } from './cases';

/** The case's configuration, which must read without an error S3 would answer. */
export function configOf(c: CorsCase): CorsConfiguration | null {
  if (c.cors === null) return null;
  const parsed = parseCorsConfiguration(c.cors);
  assert.ok(parsed.ok, parsed.ok ? '' : `${c.name}: ${parsed.error}`);
  assert.ok(parsed.valid, `${c.name}: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

export function evaluateCase(c: CorsCase, url: string): CorsEvaluation {
  const parsed = parsePresignedUrl(url);
  assert.ok(parsed.ok);
  const request = pageRequest({
    url: parsed.value,
    headers: c.headers,
    readHeaders: c.readHeaders,
    credentials: c.credentials,
  });
  return evaluateCors(configOf(c), request, c.origin, parsed.value);
}
