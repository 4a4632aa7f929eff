// What the engine says about a request (accept or refuse, and why), and how its explanation compares with
// the labelled cause: named, an honest "cannot tell", a false cause stated as fact, or no cause at all.
import {
  diagnose,
  explainS3Error,
  parsePresignedUrl,
  verifyPresignedUrl,
  type ExplanationCode,
  type PresignedUrl,
} from '../../../src/engine';
import { SWIFT_CREDENTIALS } from '../../../scripts/lib/swiftS3';
import type { Case } from './mutations';
import { urlOf, type SwiftAnswer, type SwiftVerdict, type WireRequest } from './wire';

export type CauseClass = 'named' | 'cannot tell' | 'false cause' | 'no cause';
export const CAUSE_CLASSES: readonly CauseClass[] = ['named', 'cannot tell', 'false cause', 'no cause'];

/** Codes that claim no particular cause: an honest "cannot tell". */
const CANNOT_TELL: ReadonlySet<ExplanationCode> = new Set(['REQUEST_CHANGED', 'CANNOT_TELL', 'CHANGED_AFTER_SIGNING']);

/**
 * Expiry is not part of verify's `valid`, by design. S3 refuses these URLs whatever their signature, so the
 * engine's verdict is `valid` and none of these findings.
 */
const REFUSING_FINDINGS: ReadonlySet<string> = new Set(['EXPIRED', 'EXPIRES_TOO_LONG']);

export interface EngineView {
  readonly accepts: boolean;
  /** Codes of verify's explanations (when the signature does not match) and of the refusing findings. */
  readonly codes: readonly ExplanationCode[];
  readonly url?: PresignedUrl;
}

/** verifyPresignedUrl with the server's secret, the method and headers sent; diagnose for expiry. */
export function engineView(request: WireRequest, secretAccessKey: string, now: Date): EngineView {
  const parsed = parsePresignedUrl(urlOf(request));
  if (!parsed.ok) return { accepts: false, codes: [] };
  const result = verifyPresignedUrl(parsed.value, {
    secretAccessKey,
    // As in the editor, the secret comes from the profile that holds the URL's access key.
    accessKeyId: SWIFT_CREDENTIALS.accessKeyId,
    method: request.method,
    headers: Object.fromEntries(request.headers),
  });
  const refusing = diagnose(parsed.value, { now })
    .map((f) => f.code)
    .filter((code) => REFUSING_FINDINGS.has(code)) as ExplanationCode[];
  return {
    accepts: result.valid && refusing.length === 0,
    codes: [...(result.valid ? [] : result.explanations.map((e) => e.code)), ...refusing],
    url: parsed.value,
  };
}

/** The codes explainS3Error gives for S3's error document, with the URL and its secret. */
export function explanationCodes(xml: string, url: PresignedUrl, secretAccessKey: string): ExplanationCode[] {
  return (
    explainS3Error(xml, { url, secretAccessKey, accessKeyId: SWIFT_CREDENTIALS.accessKeyId })?.explanations.map(
      (e) => e.code,
    ) ?? []
  );
}

/**
 * Named: one of the codes is one of the labelled cause's codes (other candidates may stand beside it: the
 * engine lists every change that explains a mismatch). Cannot tell: only codes that claim no cause. No
 * cause: nothing said. Anything else states a different cause as fact.
 */
export function classifyCause(codes: readonly ExplanationCode[], causes: readonly ExplanationCode[]): CauseClass {
  if (codes.length === 0) return 'no cause';
  if (codes.some((code) => causes.includes(code))) return 'named';
  if (codes.every((code) => CANNOT_TELL.has(code))) return 'cannot tell';
  return 'false cause';
}

/** What each side said about one request. */
export interface Outcome {
  readonly c: Case;
  readonly answer: SwiftAnswer;
  readonly swift: SwiftVerdict;
  readonly engine: EngineView;
  /** explainS3Error's codes, for a refusal labelled and answered as such with an error document. */
  readonly explained?: readonly ExplanationCode[];
  /** How verify's (and diagnose's) codes relate to the labelled cause, for a labelled refusal. */
  readonly verifyCause?: CauseClass;
  /** How explainS3Error's codes relate to it; undefined without a document S3 would have sent alike. */
  readonly explainCause?: CauseClass;
}
