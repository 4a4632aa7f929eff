// What the inline features say of a POST form policy found in a file: the engine's reading of the policy
// language and its findings. A bundle of its own (dist/post-notes.js, see lazyPost.ts): activation does not
// carry it, and it is loaded the first time a file holds a policy.
export { describePostPolicy, policyLifetime } from '../engine';
