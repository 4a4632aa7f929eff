// The decoder panel's messages, both ways, and the view the host builds for the page. Imported by the
// extension (src/decoder/panel.ts) and by the page (media/decoder/main.ts): one definition for both.
// Every string here is data: the page puts it in the DOM as text, never as HTML.

export type Severity = 'error' | 'warning' | 'info';

export interface FieldView {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  /** One line on what the field means. */
  readonly meaning: string;
  /** A second form shown on demand (the raw, still-encoded key). */
  readonly raw?: string;
  readonly flag?: Severity;
}

export interface SectionView {
  readonly title: string;
  readonly fields: readonly FieldView[];
}

export interface FindingView {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
}

export interface ProfileChoice {
  readonly name: string;
  /** Its static access key ID is the one that signed the URL. */
  readonly matches: boolean;
}

/** The top of the panel: what matters most about the URL now. */
export interface HeadlineView {
  /** An error finding that outweighs everything else (the URL goes elsewhere than it seems, …). */
  readonly finding?: string;
  /** Otherwise: after how long it lasts (the page keeps that part ticking), what the URL is for. */
  readonly details: readonly string[];
  /** Of the findings, not of time: the page turns the headline red itself when the URL expires. */
  readonly severity: Severity | 'ok';
}

/** The signature, checked at once with the local profile that holds the URL's access key, when one does. */
export interface SignatureView {
  readonly state: 'valid' | 'invalid' | 'unchecked';
  /** "Signature valid — signed by profile sandbox, for GET", "Signature not checked — …". */
  readonly text: string;
  readonly explanations: readonly { code: string; message: string }[];
}

export interface DecoderView {
  /** The URL as shown (session token redacted). */
  readonly url: string;
  readonly headline: HeadlineView;
  /** Which safe requests "Try it" offers: the URL's method when it says one (GET or HEAD), else both. */
  readonly tryMethods: readonly ('GET' | 'HEAD')[];
  /** Why "Try it" offers nothing (a PUT or DELETE URL would change the object). */
  readonly tryRefusal?: string;
  readonly signatureVersion: string;
  /** ISO instants for the live countdown. */
  readonly expiresAt?: string;
  readonly signedAt?: string;
  readonly sections: readonly SectionView[];
  readonly findings: readonly FindingView[];
  readonly hasToken: boolean;
  readonly methodHint?: string;
  readonly signedHeaders: readonly string[];
  readonly canVerify: boolean;
  readonly profiles: readonly ProfileChoice[];
  readonly cleanups: readonly string[];
}

export interface DiffLineView {
  readonly kind: 'same' | 'expected' | 'received';
  readonly text: string;
}

export interface VerifyView {
  readonly valid: boolean;
  readonly method: string;
  readonly profile: string;
  readonly explanations: readonly { code: string; message: string }[];
  /** The request as the client sends it against the one the signature matches (when one does). */
  readonly canonicalRequest?: readonly DiffLineView[];
  readonly stringToSign: readonly DiffLineView[];
  readonly computedSignature?: string;
  readonly providedSignature?: string;
}

export interface ExplainView {
  readonly errorCode: string;
  readonly message: string;
  readonly explanations: readonly { code: string; message: string }[];
  readonly canonicalRequest?: readonly DiffLineView[];
  readonly stringToSign?: readonly DiffLineView[];
  readonly differences: readonly string[];
}

export interface TryView {
  readonly method: 'HEAD' | 'GET';
  /** The host the request went to (the one a client contacts). */
  readonly host: string;
  readonly status?: number;
  readonly statusText?: string;
  readonly milliseconds: number;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly explanations: readonly { code: string; message: string }[];
  /** A failure before any answer (network, timeout). */
  readonly failure?: string;
}

/** Host → page. */
export type ToPage =
  | { type: 'view'; view: DecoderView }
  | { type: 'verify'; result?: VerifyView; error?: string }
  | { type: 'explain'; result?: ExplainView; error?: string }
  | { type: 'try'; result: TryView }
  | { type: 'signature'; signature: SignatureView }
  | { type: 'token'; token: string };

/** Page → host. */
export type ToHost =
  | { type: 'ready' }
  | { type: 'verify'; profile: string; method: string; headers: string }
  | { type: 'explain'; xml: string; profile?: string }
  | { type: 'try'; method: 'HEAD' | 'GET' }
  | { type: 'copy'; what: 'url' | 'curl' }
  | { type: 'revealToken' }
  | { type: 'represign' }
  | { type: 'openInExplorer' }
  | { type: 'checkCors' };

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * A message from the page, checked field by field before the host acts on it: the page is ours, but what
 * it sends is treated as input (a "try" in particular may only ever be a HEAD or a GET).
 */
export function isToHost(value: unknown): value is ToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'revealToken':
    case 'represign':
    case 'openInExplorer':
    case 'checkCors':
      return true;
    case 'verify':
      return isString(m.profile) && isString(m.method) && isString(m.headers);
    case 'explain':
      return isString(m.xml) && (m.profile === undefined || isString(m.profile));
    case 'try':
      return m.method === 'HEAD' || m.method === 'GET';
    case 'copy':
      return m.what === 'url' || m.what === 'curl';
    default:
      return false;
  }
}

/** What the page keeps across hiding and reloads (vscode.setState). */
export interface PageState {
  readonly url: string;
  readonly profile?: string;
  readonly method?: string;
  readonly headers?: string;
  readonly xml?: string;
  readonly showRawKey?: boolean;
}
