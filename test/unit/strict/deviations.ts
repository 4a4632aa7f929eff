// Where Swift's s3api answers differently from AWS S3: requests (or their error documents) that cannot
// serve as ground truth for S3. Each is set aside by name, counted, and checked to still happen, so a case
// comes back into the comparison the day Swift stops deviating. Swift's behaviour is read from its source,
// swift/common/middleware/s3api/s3request.py (OpenStack Swift 2.30, Debian bookworm's package).
import { verdictOf, type SwiftAnswer } from './wire';

export interface Deviation {
  /** What Swift does, and what AWS does instead. */
  readonly description: string;
  /** Public evidence for the AWS side. */
  readonly evidence: readonly string[];
  /**
   * `request`: Swift's verdict itself cannot stand for S3's, so the request is left out of every count.
   * `error-document`: the verdict stands, but Swift's error document differs from S3's, so only the
   * explanation read from it (explainS3Error) is left out.
   */
  readonly scope: 'request' | 'error-document';
  /** Swift still answers this way. */
  readonly observed: (answer: SwiftAnswer, method: string) => boolean;
}

const accepted = (answer: SwiftAnswer, method: string): boolean => verdictOf(method, answer) === 'accepted';

export const DEVIATIONS = {
  'raw + in the path is a plus': {
    description:
      'A "+" sent raw in the path is a plus sign to Swift (the key signed as %2B); AWS reads it as a space, so the signature no longer matches.',
    evidence: [
      'https://github.com/s3tools/s3cmd/issues/554',
      'https://github.com/aws/aws-sdk-ruby/issues/654',
      'https://github.com/minio/minio-java/issues/261',
    ],
    scope: 'request',
    observed: accepted,
  },
  'duplicate query parameters are collapsed': {
    description:
      'Swift keeps one value per query parameter name (a dict), so a repeated parameter with the same value changes nothing; AWS signs every name=value pair, so the added pair breaks the signature.',
    evidence: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (canonical query: sort by name, then by value)',
      'https://github.com/smithy-lang/smithy-typescript/blob/main/packages/signature-v4/src/getCanonicalQuery.ts (each value of a repeated name is signed)',
    ],
    scope: 'request',
    observed: accepted,
  },
  'only some unsigned x-amz-* headers are refused': {
    description:
      'Swift refuses unsigned x-amz-meta-*, x-amz-acl, x-amz-grant-* and x-amz-copy-* headers only (SIGV4_MUST_BE_SIGNED_AMZ_PREFIXES); AWS refuses other unsigned x-amz-* headers too (x-amz-storage-class, SSE headers) with "There were headers present in the request which were not signed".',
    evidence: [
      'https://github.com/aws/aws-sdk-js/issues/896 (unsigned x-amz-server-side-encryption-customer-* refused)',
      'https://github.com/rustfs/rustfs/pull/7425 (AWS refuses unsigned x-amz-storage-class, x-amz-tagging…)',
    ],
    scope: 'request',
    observed: accepted,
  },
  'key over 1,024 bytes': {
    description:
      'Swift answers KeyTooLongError before it checks the signature (a bad signature gets the same answer), so no signature verdict can be read. AWS caps keys at 1,024 bytes too; in which order it checks is not documented.',
    evidence: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html (keys up to 1,024 bytes)'],
    scope: 'request',
    observed: (answer) => answer.code === 'KeyTooLongError',
  },
  'missing X-Amz-* parameter error codes': {
    description:
      'Without X-Amz-Expires, X-Amz-Credential or X-Amz-Signature Swift answers AccessDenied "Access Denied.", without X-Amz-SignedHeaders AuthorizationHeaderMalformed, without X-Amz-Algorithm InvalidArgument, without X-Amz-Date AccessDenied "AWS authentication requires a valid Date or x-amz-date header"; AWS answers AuthorizationQueryParametersError "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters." An explanation read from Swift\'s document cannot be judged against S3\'s.',
    evidence: [
      '../shared/notes/presigned-urls.md and ../shared/notes/s3-test-servers.md (AuthorizationQueryParametersError on AWS)',
      'https://www.alibabacloud.com/help/en/oss/user-guide/0002-00000410 (an S3-compatible service documenting the same required set)',
    ],
    scope: 'error-document',
    observed: (answer) =>
      answer.code !== undefined &&
      answer.code !== 'AuthorizationQueryParametersError' &&
      answer.status >= 400 &&
      answer.status < 500,
  },
  'without X-Amz-Credential Swift sees no S3 request': {
    description:
      'Swift takes a request for SigV4 only when X-Amz-Credential is in the query; without it (and without AWSAccessKeyId or an Authorization header) s3api passes it on as a native Swift request, which fails with a bare 400 or 412 and no S3 error document. AWS answers AuthorizationQueryParametersError.',
    evidence: [
      '../shared/notes/presigned-urls.md (AuthorizationQueryParametersError for a missing parameter)',
      'swift/common/middleware/s3api/s3request.py get_request_class and NotS3Request (Swift side)',
    ],
    scope: 'request',
    observed: (answer) => answer.xml === undefined && answer.status >= 400 && answer.status < 500,
  },
  'no echo when a signed header is absent': {
    description:
      'When a signed header is not sent at all, Swift answers SignatureDoesNotMatch without StringToSign or CanonicalRequest (it stops before building them); AWS signs the absent header as empty and echoes both, which is what explainS3Error reads.',
    evidence: [
      'https://github.com/aws/aws-sdk-js/issues/457 (AWS echoes StringToSign on a presigned PUT whose signed headers were not sent as signed; not confirmed here for a header absent altogether)',
      'src/engine/sigv4.ts (the engine signs an absent header as empty, as S3 is taken to do)',
    ],
    scope: 'error-document',
    observed: (answer) =>
      answer.code === 'SignatureDoesNotMatch' &&
      answer.xml !== undefined &&
      !answer.xml.includes('<CanonicalRequest>') &&
      !answer.xml.includes('<StringToSign>'),
  },
} satisfies Record<string, Deviation>;

export type DeviationName = keyof typeof DEVIATIONS;
