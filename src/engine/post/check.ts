// checkPostUpload: one upload through a form, judged as S3 would: the signature with the secret, then
// the policy against the fields, the file's size and name. What the CLI's `verify` prints.
import {
  evaluatePostSubmission,
  submittedFields,
  type ConditionVerdict,
  type PostEvaluation,
  type PostSubmission,
} from './evaluate';
import type { PostExplanation, PostForm } from './model';
import { formWithFields } from './parse';
import { verifyPostSignature, type PostSignatureResult, type PostVerifyOptions } from './verify';

export type PostCheckOptions = PostVerifyOptions & PostSubmission;

export interface PostCheckResult {
  /** The signature matches and no check of the policy fails (an undecided one does not count). */
  readonly valid: boolean;
  readonly signature: PostSignatureResult;
  readonly evaluation: PostEvaluation;
  readonly conditions: readonly ConditionVerdict[];
  /** The signature's explanations first (S3 checks it before the policy), then the policy's. */
  readonly explanations: readonly PostExplanation[];
}

export function checkPostUpload(form: PostForm, options: PostCheckOptions): PostCheckResult {
  // S3 verifies what it receives: the submission's policy, credential and signature fields.
  const sent = options.fields ? formWithFields(form, submittedFields(form, options).fields) : form;
  const signature = verifyPostSignature(sent, options);
  const evaluation = evaluatePostSubmission(form, options);
  return {
    valid: signature.valid && evaluation.accepted,
    signature,
    evaluation,
    conditions: evaluation.conditions,
    explanations: [...(signature.valid ? [] : signature.explanations), ...evaluation.explanations],
  };
}
