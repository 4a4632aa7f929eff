// Presigned POST forms (browser uploads): read, diagnose, evaluate an upload, verify, explain S3's
// answers, write the client code. Plain TypeScript, no `vscode` import, no network.
export { checkPostUpload, type PostCheckOptions, type PostCheckResult } from './check';
export { diagnosePostForm, type PostDiagnoseOptions } from './diagnose';
export {
  evaluatePostSubmission,
  type ConditionStatus,
  type ConditionVerdict,
  type PostEvaluation,
  type PostSubmission,
  type SizeVerdict,
} from './evaluate';
export type * from './model';
export { findPostPolicies, POLICY_REACH, postPolicyAt, PostPolicyScanner, type FoundPostPolicy } from './find';
export { describePostPolicy, policyLifetime, type PostPolicyNote } from './notes';
export { fieldValue, looksLikePostForm, MAX_POST_INPUT, parsePostForm } from './parse';
export { redactCondition, redactForm } from './redact';
export {
  postFieldProblem,
  postKeyProblem,
  postPolicyRequest,
  type ContentTypeRule,
  type PolicyCondition,
  type PostFormChoices,
  type PostPolicyRequest,
  type PostRequestResult,
} from './request';
export {
  explainPostError,
  isPostError,
  isPostErrorDocument,
  type PostErrorExplanation,
  type PostErrorOptions,
} from './s3error';
export { formatByteSize, MAX_POST_UPLOAD_BYTES } from './size';
export {
  postCurlCommand,
  postFetchCall,
  postHtmlForm,
  postSnippetFields,
  type PostSnippetOptions,
  type SnippetField,
} from './snippets';
export { conditionAllows, summarizePostForm, type PostConditionSummary, type PostFormSummary } from './summary';
export { verifyPostSignature, type PostSignatureResult, type PostVerifyOptions } from './verify';
