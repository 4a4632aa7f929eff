// Session tokens never leave the POST engine in clear: a form carries its token as a field and, in the
// SDKs' policies, as a condition; every text meant for display has both replaced.
import { redactedToken, redactSessionTokens } from '../redact';
import type { PostCondition, PostForm } from './model';

export type TokenSource = Pick<PostForm, 'securityToken' | 'policy'> | undefined;

/** Each source's tokens, read once: a view redacts every condition and field with the same sources. */
const read = new WeakMap<object, readonly string[]>();

function tokensOf(form: NonNullable<TokenSource>): readonly string[] {
  let tokens = read.get(form);
  if (!tokens) {
    const found = new Set<string>();
    if (form.securityToken) found.add(form.securityToken);
    for (const c of form.policy?.conditions ?? []) {
      if ((c.type === 'eq' || c.type === 'starts-with') && c.field.toLowerCase() === 'x-amz-security-token' && c.value)
        found.add(c.value);
    }
    tokens = [...found];
    read.set(form, tokens);
  }
  return tokens;
}

/** Token values the sources carry: the x-amz-security-token field and the policy's conditions on it. */
function formTokens(sources: readonly TokenSource[]): string[] {
  const tokens = new Set<string>();
  for (const form of sources) if (form) for (const t of tokensOf(form)) tokens.add(t);
  return [...tokens];
}

/** `text` with the forms' session tokens, and any token in URL, header or S3 error form, redacted. */
export function redactForm(text: string, ...sources: TokenSource[]): string {
  let out = text;
  for (const token of formTokens(sources)) out = out.split(token).join(redactedToken(token));
  return redactSessionTokens(out);
}

/** A condition fit for display: its value and text redacted when it carries a session token. */
export function redactCondition(c: PostCondition, ...sources: TokenSource[]): PostCondition {
  const text = redactForm(c.text, ...sources);
  if (c.type === 'eq' || c.type === 'starts-with') return { ...c, value: redactForm(c.value, ...sources), text };
  return { ...c, text };
}
