// verifyPostSignature: does the form's signature match its policy for this secret? SigV4: hex
// HMAC-SHA256 of the base64 policy text with the SigV4 signing key of the credential's scope
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html). SigV2: base64 HMAC-SHA1 of
// the base64 policy text (https://docs.aws.amazon.com/AmazonS3/latest/dev/HTTPPOSTForms.html). The HMAC
// covers the exact base64 text, so a policy re-encoded or re-serialised after signing no longer matches.
// When it does not match, the changes that happen to forms on the way are tried one at a time (the
// policy's transport, its serialisation, the scope's region and day, the signature's own form); what none
// of them explains is reported as such, never as a certain cause.
import { createHmac } from 'node:crypto';
import { parseAmzDate } from '../parse';
import { shownSignature } from '../redact';
import { AWS_REGIONS } from '../regions';
import { signingKey } from '../sigv4';
import { readJson, writeJson, type JsonStyle } from './literal';
import type { PostExplanation, PostForm, PostSignatureVersion } from './model';
import { redactForm } from './redact';

export interface PostVerifyOptions {
  readonly secretAccessKey: string;
  /** The access key ID the secret belongs to, when known: a different one explains a mismatch at once. */
  readonly accessKeyId?: string;
  /** Search for the cause of a mismatch (default true). */
  readonly explain?: boolean;
}

export interface PostSignatureResult {
  readonly signatureVersion: PostSignatureVersion;
  /** False when the form lacks what a signature is computed from (policy, credential scope). */
  readonly supported: boolean;
  readonly valid: boolean;
  /** Whole when it equals the form's; else its first characters (see shownSignature). */
  readonly computedSignature?: string;
  readonly providedSignature?: string;
  readonly explanations: readonly PostExplanation[];
}

interface Scope {
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

function signV4(secret: string, scope: Scope, policy: string): string {
  return createHmac('sha256', signingKey(secret, scope.date, scope.region, scope.service))
    .update(policy, 'utf8')
    .digest('hex');
}

function signV2(secret: string, policy: string): string {
  return createHmac('sha1', secret).update(policy, 'utf8').digest('base64');
}

interface Candidate {
  readonly code: PostExplanation['code'];
  readonly message: string;
  /** Whether this change explains the provided signature. */
  readonly matches: () => boolean;
}

const JSON_STYLES: readonly (readonly [string, JsonStyle])[] = [
  ['compact (as JavaScript’s JSON.stringify writes it)', { itemSeparator: ',', keySeparator: ':' }],
  [
    'with ", " and ": " separators (as Python’s json.dumps writes it)',
    { itemSeparator: ', ', keySeparator: ': ', asciiOnly: true },
  ],
  ['with ", " and ": " separators, non-ASCII unescaped', { itemSeparator: ', ', keySeparator: ': ' }],
  ['indented by 2 spaces', { itemSeparator: ',', keySeparator: ': ', indent: '  ' }],
  ['indented by 4 spaces', { itemSeparator: ',', keySeparator: ': ', indent: '    ' }],
];

/** The policy texts the signer may have signed, when the form's text changed on the way. */
function policyVariants(policy: string): { text: string; message: string }[] {
  const out: { text: string; message: string }[] = [];
  const add = (text: string, message: string): void => {
    if (text !== policy && !out.some((v) => v.text === text)) out.push({ text, message });
  };
  if (policy.includes(' '))
    add(
      policy.replace(/ /g, '+'),
      'The policy’s "+" signs arrived as spaces: the fields went through URL decoding (a query string or application/x-www-form-urlencoded) instead of being sent as multipart/form-data.',
    );
  if (/\s/.test(policy))
    add(policy.replace(/\s+/g, ''), 'The policy was wrapped over lines or padded with spaces after signing.');
  if (/[-_]/.test(policy))
    add(
      policy.replace(/-/g, '+').replace(/_/g, '/'),
      'The policy was re-encoded as URL-safe base64 ("-" and "_") after signing.',
    );
  if (/%[0-9A-Fa-f]{2}/.test(policy)) {
    try {
      add(
        decodeURIComponent(policy),
        'The policy arrived percent-encoded (e.g. %2B, %3D): something URL-encoded the field after signing.',
      );
    } catch {
      // Not valid percent-encoding: no candidate.
    }
  }
  if (policy.endsWith('='))
    add(policy.replace(/=+$/, ''), 'The signer signed the policy without its "=" padding; the form has it.');
  else if (policy.length % 4 !== 0)
    add(policy + '='.repeat(4 - (policy.length % 4)), 'The policy lost its "=" padding after signing.');
  const decoded = Buffer.from(policy.replace(/\s+/g, ''), 'base64').toString('utf8');
  const doc = readJson(decoded);
  if (doc.ok) {
    for (const [style, layout] of JSON_STYLES) {
      const text = Buffer.from(writeJson(doc.value, layout), 'utf8').toString('base64');
      add(
        text,
        `The signature is for the same policy written ${style}: the form’s policy is the same document serialised differently after signing. The signature covers the exact base64 text.`,
      );
    }
  }
  return out;
}

function candidates(
  form: PostForm,
  secret: string,
  scope: Scope | undefined,
  provided: string,
  computed: string,
): Candidate[] {
  const out: Candidate[] = [];
  const policy = form.policy!.base64;
  const sign = (text: string, s: Scope | undefined = scope): string =>
    s ? signV4(secret, s, text) : signV2(secret, text);
  for (const v of policyVariants(policy))
    out.push({ code: 'POLICY_ALTERED', message: v.message, matches: () => sign(v.text) === provided });
  if (scope) {
    const credentialRegion = scope.region;
    for (const region of AWS_REGIONS) {
      if (region === credentialRegion) continue;
      out.push({
        code: 'REGION_MISMATCH',
        message: `The signature was made with a signing key for region ${region}; the form’s x-amz-credential says ${credentialRegion}: the credential field was edited, or the signer used another region than it wrote.`,
        matches: () => sign(policy, { ...scope, region }) === provided,
      });
    }
    const days = new Set<string>();
    const base = parseAmzDate(`${scope.date}T000000Z`);
    if (base)
      for (const delta of [-1, 1])
        days.add(new Date(base.getTime() + delta * 86400_000).toISOString().slice(0, 10).replace(/-/g, ''));
    const amzDay = form.signedAt?.toISOString().slice(0, 10).replace(/-/g, '');
    if (amzDay) days.add(amzDay);
    days.delete(scope.date);
    for (const date of days)
      out.push({
        code: 'PARAMETER_CHANGED',
        message: `The signature was made with a signing key for the day ${date}; the form’s x-amz-credential says ${scope.date}.`,
        matches: () => sign(policy, { ...scope, date }) === provided,
      });
    if (/^[A-Za-z0-9+/]{27}=$/.test(provided))
      out.push({
        code: 'SIGNATURE_ALTERED',
        message:
          'x-amz-signature holds a Signature Version 2 signature (base64 HMAC-SHA1) of this policy: the form mixes SigV4 fields with a SigV2 signature.',
        matches: () => signV2(secret, policy) === provided,
      });
  }
  if (provided !== computed) {
    const fixed = scope ? provided.toLowerCase() : provided.replace(/ /g, '+');
    if (fixed === computed)
      out.push({
        code: 'SIGNATURE_ALTERED',
        message: scope
          ? 'The signature is right but in upper-case hex; the signer writes lower-case and S3’s tolerance of upper-case is not documented.'
          : 'The signature’s "+" signs arrived as spaces: the fields went through URL decoding.',
        matches: () => true,
      });
    else if (provided.length > 0 && provided.length < computed.length && computed.startsWith(provided))
      out.push({
        code: 'SIGNATURE_ALTERED',
        message: `The signature was cut: its ${provided.length} characters are the start of the right one (${computed.length} characters).`,
        matches: () => true,
      });
  }
  return out;
}

export function verifyPostSignature(form: PostForm, options: PostVerifyOptions): PostSignatureResult {
  const version = form.signatureVersion;
  const provided = form.signature;
  const result = (rest: Omit<PostSignatureResult, 'signatureVersion' | 'providedSignature'>): PostSignatureResult => ({
    signatureVersion: version,
    providedSignature: provided,
    ...rest,
    explanations: rest.explanations.map((e) => ({ ...e, message: redactForm(e.message, form) })),
  });
  if (!form.policy)
    return result({
      supported: false,
      valid: false,
      explanations: [{ code: 'NO_POLICY', message: 'The form has no policy: there is no signature to verify.' }],
    });
  if (version === 'none' || provided === undefined) {
    const field = version === 'v2' ? 'signature' : 'x-amz-signature';
    return result({
      supported: false,
      valid: false,
      explanations: [{ code: 'MISSING_PARAMETER', field, message: `The form has no ${field} field.` }],
    });
  }
  const c = form.credential;
  if (version === 'v4' && !c)
    return result({
      supported: false,
      valid: false,
      explanations: [
        {
          code: 'MALFORMED_PARAMETER',
          field: 'x-amz-credential',
          message:
            'The form has no readable x-amz-credential (AKID/yyyymmdd/region/s3/aws4_request): the signing key cannot be derived.',
        },
      ],
    });
  const scope = version === 'v4' && c ? { date: c.date, region: c.region, service: c.service } : undefined;
  const secret = options.secretAccessKey;
  const computed = scope ? signV4(secret, scope, form.policy.base64) : signV2(secret, form.policy.base64);
  if (computed === provided)
    return result({ supported: true, valid: true, computedSignature: computed, explanations: [] });
  if (options.explain === false)
    return result({
      supported: true,
      valid: false,
      computedSignature: shownSignature(computed, provided),
      explanations: [],
    });

  const explanations: PostExplanation[] = [];
  if (options.accessKeyId && form.accessKeyId && options.accessKeyId !== form.accessKeyId)
    explanations.push({
      code: 'WRONG_SECRET',
      message: `The secret given belongs to access key ${options.accessKeyId}, but the form was signed by ${form.accessKeyId}.`,
    });
  const seen = new Set<string>();
  for (const candidate of candidates(form, secret, scope, provided, computed)) {
    if (seen.has(candidate.message) || !candidate.matches()) continue;
    seen.add(candidate.message);
    explanations.push({ code: candidate.code, message: candidate.message });
  }
  if (explanations.length === 0)
    explanations.push({
      code: 'WRONG_SECRET',
      message: `Nothing explains the mismatch: the secret is not the one of access key ${form.accessKeyId ?? '(unknown)'}, or the policy’s content or the signature was changed after signing (an edited condition or expiration cannot be told apart from another secret).`,
    });
  return result({ supported: true, valid: false, computedSignature: shownSignature(computed, provided), explanations });
}
