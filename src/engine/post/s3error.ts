// explainPostError: what S3's answer to a failed POST upload means, tied to the policy condition and the
// form field that broke. S3's POST answers, as captured in public threads (AWS's error table names other
// codes than S3 sends):
// - 403 AccessDenied "Invalid according to Policy: Policy Condition failed: ["eq", "$key", "…"]"
//   (boto/boto3#4514, aws/aws-sdk-js#1514), "… Extra input fields: dzuuid" (rowanwins/vue-dropzone#471),
//   "… Policy expired." (localstack/localstack TestS3PresignedPost, validated against S3);
// - 400 EntityTooLarge / EntityTooSmall with ProposedSize and MaxSizeAllowed / MinSizeAllowed (same);
// - 400 InvalidPolicyDocument "Invalid Policy: Invalid JSON." (tpyo/amazon-s3-php-class#53);
// - 400 InvalidArgument "Bucket POST must contain a field named 'key'.  If it is specified, please check
//   the order of the fields." (grafana/k6#1382), "POST requires exactly one file upload per request."
//   (rowanwins/vue-dropzone#303), "the region 'us-east-1' is wrong; expecting 'us-west-1'"
//   (aws/aws-sdk-js#2529);
// - 412 PreconditionFailed "Bucket POST must be of the enclosure-type multipart/form-data", 400
//   MaxPostPreDataLengthExceeded (fields before the file over 20,480 bytes; waynehoover/s3_direct_upload#45);
// - 403 SignatureDoesNotMatch whose StringToSign is the policy as S3 received it (Fausto95/aws-s3#65).
import { explainS3Error, parseS3Error, type S3ErrorDocument } from '../s3error';
import { redactErrorField } from '../redact';
import { submittedFields, type PostSubmission } from './evaluate';
import { readJson } from './literal';
import type { PostCondition, PostExplanation, PostForm } from './model';
import { fieldValue } from './parse';
import { conditionOf } from './policy';
import { redactCondition, redactForm } from './redact';
import { isMatchCondition, meets } from './rules';
import { verifyPostSignature } from './verify';

export interface PostErrorOptions {
  /** The form the upload was made with. */
  readonly form?: PostForm;
  /** What the client sent (fields, file size and name), when known; default the form's fields. */
  readonly submission?: PostSubmission;
  /** The secret, to search for the cause of a SignatureDoesNotMatch. */
  readonly secretAccessKey?: string;
}

export interface PostErrorExplanation {
  readonly errorCode: string;
  readonly message: string;
  /** The error's fields, session tokens redacted. */
  readonly fields: Readonly<Record<string, string>>;
  readonly explanations: readonly PostExplanation[];
  /** The condition S3 names: the policy's own when the form is given, else as S3 printed it. */
  readonly condition?: PostCondition;
  /** The field the error is about. */
  readonly field?: string;
  /** That field's value in the form (or submission), when known. */
  readonly value?: string;
}

const sameField = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The condition S3 printed, found in the form's policy (S3 prints object conditions as eq lists): `same` when
 * the policy holds it as printed, `other` when the policy holds another condition on that field (the upload
 * used another form), undefined when the policy has nothing like it or there is no form.
 */
function matchCondition(
  printed: PostCondition,
  form: PostForm | undefined,
): { same?: PostCondition; other?: PostCondition } {
  const conditions = form?.policy?.conditions ?? [];
  const same = (c: PostCondition): boolean => {
    if (printed.type === 'content-length-range')
      return c.type === 'content-length-range' && c.min === printed.min && c.max === printed.max;
    if (printed.type === 'invalid') return c.text === printed.text;
    return c.type === printed.type && sameField(c.field, printed.field) && c.value === printed.value;
  };
  const loose = (c: PostCondition): boolean =>
    isMatchCondition(printed) && isMatchCondition(c) && c.type === printed.type && sameField(c.field, printed.field);
  const found = conditions.find(same);
  return found ? { same: found } : { other: conditions.find(loose) };
}

/**
 * S3 names a condition this form's policy does not hold as printed: the upload was checked against another
 * policy, so the form given cannot say which field broke. Said plainly rather than measured against the wrong
 * policy.
 */
function notThisForm(printed: PostCondition, other: PostCondition | undefined): PostExplanation {
  const field = isMatchCondition(printed) ? printed.field : undefined;
  return {
    code: 'POLICY_CONDITION_FAILED',
    ...(field !== undefined ? { field } : {}),
    message: `S3 rejected the upload on ${printed.text}, which this form's policy does not hold${other ? ` (it has ${other.text})` : ''}: the upload was sent with another form than this one (generated again, or fields of two presign calls mixed), so this form cannot tell which field broke. Give the form the page sent.`,
  };
}

function printedCondition(message: string): PostCondition | undefined {
  const at = message.indexOf('Policy Condition failed:');
  if (at === -1) return undefined;
  const text = message.slice(at + 'Policy Condition failed:'.length).trim();
  const read = readJson(text);
  return read.ok ? conditionOf(read.value, -1) : undefined;
}

function want(c: PostCondition): string {
  if (c.type === 'eq') return `must be exactly ${JSON.stringify(c.value)}`;
  if (c.type === 'starts-with')
    return c.value === '' ? 'may be anything but must be sent' : `must start with ${JSON.stringify(c.value)}`;
  return 'is constrained';
}

function conditionFailed(
  c: PostCondition,
  options: PostErrorOptions,
): { explanation: PostExplanation; field?: string; value?: string } {
  if (!isMatchCondition(c)) {
    const why = c.type === 'invalid' ? `S3 cannot apply it: ${c.reason}.` : 'The file size is outside the range.';
    return { explanation: { code: 'POLICY_CONDITION_FAILED', message: `S3 rejected the upload on ${c.text}. ${why}` } };
  }
  const form = options.form;
  if (sameField(c.field, 'bucket'))
    return {
      field: 'bucket',
      value: form?.bucket,
      explanation: {
        code: 'POLICY_CONDITION_FAILED',
        field: 'bucket',
        message: `The policy is for another bucket: the bucket ${want(c)}${form?.bucket ? `, and the form posts to "${form.bucket}"` : ''}. Post to the URL the presigner returned with the form.`,
      },
    };
  const sent = form ? fieldValue(submittedFields(form, options.submission ?? {}).fields, c.field) : undefined;
  if (form && sent === undefined)
    return {
      field: c.field,
      explanation: {
        code: 'MISSING_FIELD',
        field: c.field,
        message: `The upload did not send a "${c.field}" field (before the file), and the policy requires one: its value ${want(c)}. A condition fails when its field is absent, even an empty starts-with. Add the field to the form, before the file.`,
      },
    };
  if (sent !== undefined && meets(c, sent))
    return {
      field: c.field,
      value: sent,
      explanation: {
        code: 'POLICY_CONDITION_FAILED',
        field: c.field,
        message: `S3 rejected the field "${c.field}" (its value ${want(c)}), yet the form's value ${JSON.stringify(sent)} meets it as written: S3 received another value (the uploading code changed it), or read it differently${sent.includes('$') ? ' (S3 was seen failing keys that contain "$$": boto/boto3#4514)' : ''}.`,
      },
    };
  const actual = sent === undefined ? '' : `; the form sends ${JSON.stringify(sent)}`;
  const hint =
    sameField(c.field, 'x-amz-date') || sameField(c.field, 'x-amz-credential')
      ? ' The form’s field and the policy’s condition come from different signings: send the fields of one presign call together.'
      : '';
  return {
    field: c.field,
    value: sent,
    explanation: {
      code: 'POLICY_CONDITION_FAILED',
      field: c.field,
      message: `S3 rejected the field "${c.field}": its value ${want(c)}${actual}.${hint}`,
    },
  };
}

function missingArgument(name: string, form: PostForm | undefined): PostExplanation {
  const after = form?.fieldsAfterFile.some((f) => sameField(f.name, name));
  const has = form?.fields.some((f) => sameField(f.name, name));
  const where = after
    ? 'The form has it after the file, where S3 no longer reads: put the file last.'
    : has
      ? 'The form has it: the upload dropped it, or put it after the file.'
      : form
        ? 'The form has no such field: send every field the presigner returned.'
        : 'Send every field the presigner returned, all before the file.';
  return {
    code: 'MISSING_FIELD',
    field: name,
    message: `S3 did not find the field "${name}" before the file. ${where}`,
  };
}

function signatureMismatch(
  doc: { fields: Readonly<Record<string, string>> },
  options: PostErrorOptions,
): PostExplanation[] {
  const form = options.form;
  const received = doc.fields['StringToSign']?.trim();
  const provided = doc.fields['SignatureProvided']?.trim();
  if (form?.policy && received !== undefined && received !== form.policy.base64) {
    const spaces = received === form.policy.base64.replace(/\+/g, ' ');
    return [
      {
        code: 'POLICY_ALTERED',
        field: 'policy',
        message: spaces
          ? 'S3 received the policy with its "+" signs turned into spaces: the fields went through URL decoding. Send them as multipart/form-data.'
          : `S3 received another policy text than the form's (${received.length} characters against ${form.policy.base64.length}): the policy field was changed on the way.`,
      },
    ];
  }
  if (form?.signature !== undefined && provided !== undefined && provided !== form.signature)
    return [
      {
        code: 'SIGNATURE_ALTERED',
        message: 'S3 received another signature than the form’s: the signature field was changed on the way.',
      },
    ];
  if (form && options.secretAccessKey) {
    const result = verifyPostSignature(form, { secretAccessKey: options.secretAccessKey });
    if (result.valid)
      return [
        {
          code: 'WRONG_SECRET',
          message:
            'With your secret the form’s signature matches the policy S3 received: S3 holds another secret for this access key (a rotated key, or another account or server).',
        },
      ];
    return [...result.explanations];
  }
  return [
    {
      code: 'WRONG_SECRET',
      message: form
        ? 'S3 received the form’s policy unchanged, so the signature does not match it for the secret S3 holds: another secret signed it, or the signature was changed. Give the secret to search for the cause.'
        : 'S3 computed another signature over the policy it received (its StringToSign): the policy or the signature was changed after signing, or another secret signed it.',
    },
  ];
}

function explainCode(
  doc: { code: string; message: string; fields: Readonly<Record<string, string>> },
  text: string,
  options: PostErrorOptions,
): Omit<PostErrorExplanation, 'errorCode' | 'message' | 'fields'> {
  const { code, message: m, fields: f } = doc;
  const form = options.form;
  if (code === 'AccessDenied' && /Invalid according to Policy/i.test(m)) {
    const printed = printedCondition(m);
    if (printed) {
      const { same, other } = matchCondition(printed, form);
      if (form?.policy && !form.policy.oversized && !same) {
        const explanation = notThisForm(printed, other);
        return { condition: printed, field: explanation.field, explanations: [explanation] };
      }
      const condition = same ?? printed;
      const { explanation, field, value } = conditionFailed(condition, options);
      return { condition, field, value, explanations: [explanation] };
    }
    const extra = /Extra input fields:\s*(.+)$/i.exec(m);
    if (extra) {
      const names = extra[1]!.replace(/\.$/, '').split(/,\s*/);
      return {
        field: names[0],
        explanations: names.map((name) => ({
          code: 'EXTRA_INPUT_FIELD' as const,
          field: name,
          message: `S3 received the field "${name}", which no condition in the policy names${form ? (form.fields.some((x) => sameField(x.name, name)) ? ' (the form itself has it)' : ' (the form does not have it: the uploading code or library added it)') : ''}. Add a condition for it when generating the form (["starts-with", "$${name}", ""]), prefix its name with x-ignore-, or stop sending it.`,
        })),
      };
    }
    if (/Policy expired/i.test(m)) {
      const at = form?.policy?.expirationText;
      return {
        explanations: [
          {
            code: 'POLICY_EXPIRED',
            message: `The policy had expired${at ? ` (its expiration is ${at})` : ''} when S3 received the upload. Generate the form again: the expiration is signed and cannot be edited.`,
          },
        ],
      };
    }
  }
  if (code === 'EntityTooLarge' || code === 'EntityTooSmall') {
    const large = code === 'EntityTooLarge';
    const limit = f[large ? 'MaxSizeAllowed' : 'MinSizeAllowed'];
    const range = form?.policy?.conditions.find((c) => c.type === 'content-length-range');
    return {
      condition: range,
      explanations: [
        {
          code: large ? 'ENTITY_TOO_LARGE' : 'ENTITY_TOO_SMALL',
          message: `The file was ${f['ProposedSize'] ?? 'of another'} bytes; the policy's content-length-range ${large ? 'allows at most' : 'requires at least'} ${limit ?? '(limit not echoed)'}${range ? ` (${range.text})` : ''}. ${large ? 'Send a smaller file, or generate the form with a larger maximum.' : 'Send a larger file, or generate the form with a smaller minimum.'}`,
        },
      ],
    };
  }
  if (code === 'InvalidPolicyDocument') {
    const problems = form?.policy?.problems ?? [];
    return {
      field: 'policy',
      explanations: [
        {
          code: 'POLICY_MALFORMED',
          field: 'policy',
          message: `S3 cannot read the policy: ${m}${problems.length ? ` Found here: ${problems.join(' ')}` : ''}`,
        },
      ],
    };
  }
  if (code === 'InvalidArgument') {
    const field = /must contain a field named '([^']*)'/i.exec(m);
    if (field) return { field: field[1], explanations: [missingArgument(field[1]!, form)] };
    if (/exactly one file upload/i.test(m))
      return {
        field: 'file',
        explanations: [
          {
            code: 'MISSING_FIELD',
            field: 'file',
            message:
              'S3 found no part named "file" (or more than one). The file must be sent as the field "file", last.',
          },
        ],
      };
    const region = /the region '([^']+)' is wrong; expecting '([^']+)'/.exec(m);
    if (region)
      return {
        field: 'x-amz-credential',
        explanations: [
          {
            code: 'REGION_MISMATCH',
            field: 'x-amz-credential',
            message: `The form was signed for region ${region[1]}, but the bucket is in ${region[2]}: generate it with a client in ${region[2]} and post to that region's endpoint.`,
          },
        ],
      };
    if (/Signature Version 4/i.test(m))
      return {
        explanations: [
          {
            code: 'SIGV2',
            message:
              'The form is signed with Signature Version 2, which S3 refuses for SSE-KMS: generate it with SigV4.',
          },
        ],
      };
    return {
      field: f['ArgumentName'],
      explanations: [
        {
          code: 'MALFORMED_PARAMETER',
          field: f['ArgumentName'],
          message: `S3 rejected a field${f['ArgumentName'] ? ` (${f['ArgumentName']})` : ''}: ${m}`,
        },
      ],
    };
  }
  if (code === 'PreconditionFailed' || code === 'MalformedPOSTRequest' || code === 'RequestIsNotMultiPartContent')
    return {
      explanations: [
        {
          code: 'MALFORMED_REQUEST',
          message:
            'The request body is not multipart/form-data: send the fields and the file as a multipart form (an HTML form with enctype="multipart/form-data", FormData in fetch, curl -F / --form-string).',
        },
      ],
    };
  if (code.startsWith('MaxPostPreDataLengthExceeded'))
    return {
      explanations: [
        {
          code: 'MALFORMED_REQUEST',
          message: `The fields before the file are over ${f['MaxPostPreDataLengthBytes'] ?? '20480'} bytes. Usually the file was sent under another name than "file", so its content counted as a field.`,
        },
      ],
    };
  if (code === 'SignatureDoesNotMatch') return { explanations: signatureMismatch(doc, options) };
  if (code === 'AccessDenied' && form && !form.policy)
    return {
      explanations: [
        {
          code: 'NO_POLICY',
          message:
            'The form has no policy, so S3 treated the upload as anonymous, and the bucket does not let anyone write.',
        },
      ],
    };
  return { explanations: explainS3Error(text)?.explanations ?? [] };
}

/** S3's hard limit on one upload, which a PUT meets as well: its EntityTooLarge says nothing of a form. */
const UPLOAD_LIMIT = '5368709120';

/**
 * Whether S3's error document answers a POST upload (a form) rather than a presigned URL: the policy's
 * words, the size bounds of a content-length-range, the form's own InvalidArgument and
 * PreconditionFailed texts, or a SignatureDoesNotMatch whose StringToSign is a base64 policy (a URL's
 * starts with its algorithm and holds line breaks).
 */
export function isPostErrorDocument(doc: S3ErrorDocument): boolean {
  const { code, message: m, fields: f } = doc;
  switch (code) {
    case 'AccessDenied':
      return /Invalid according to Policy/i.test(m);
    case 'EntityTooSmall':
    case 'InvalidPolicyDocument':
    case 'MalformedPOSTRequest':
    case 'RequestIsNotMultiPartContent':
      return true;
    case 'EntityTooLarge':
      return f['MaxSizeAllowed'] !== undefined && f['MaxSizeAllowed'] !== UPLOAD_LIMIT;
    case 'InvalidArgument':
    case 'PreconditionFailed':
      return /Bucket POST|POST requires/i.test(m);
    case 'SignatureDoesNotMatch': {
      const received = f['StringToSign']?.trim();
      return received !== undefined && received.length > 0 && /^[A-Za-z0-9+/= ]+$/.test(received);
    }
    default:
      return code.startsWith('MaxPostPreDataLengthExceeded');
  }
}

/** isPostErrorDocument of the first S3 error document in `text`; false when there is none. */
export function isPostError(text: string): boolean {
  const doc = parseS3Error(text);
  return doc !== undefined && isPostErrorDocument(doc);
}

export function explainPostError(text: string, options: PostErrorOptions = {}): PostErrorExplanation | undefined {
  const doc = parseS3Error(text);
  if (!doc) return undefined;
  const form = options.form;
  const explained = explainCode(doc, text, options);
  const submitted = form && options.submission ? submittedFields(form, options.submission).fields : [];
  const named = explained.condition;
  // Long enough to be a token: a short value replaced as text would mangle every message.
  const echoed =
    named && isMatchCondition(named) && sameField(named.field, 'x-amz-security-token') && named.value.length >= 16
      ? named.value
      : undefined;
  const tokens = [
    form,
    { securityToken: fieldValue(submitted, 'x-amz-security-token'), policy: undefined },
    // S3's echo of a failed condition on the token holds the token.
    { securityToken: echoed, policy: undefined },
  ];
  return {
    errorCode: doc.code,
    message: redactForm(doc.message, ...tokens),
    fields: Object.fromEntries(
      Object.entries(doc.fields).map(([k, v]) => [k, redactForm(redactErrorField(k, v), ...tokens)]),
    ),
    explanations: explained.explanations.map((e) => ({ ...e, message: redactForm(e.message, ...tokens) })),
    condition: explained.condition && redactCondition(explained.condition, ...tokens),
    field: explained.field,
    value: explained.value === undefined ? undefined : redactForm(explained.value, ...tokens),
  };
}
