// The demo data the sandbox and the tests share: buckets and keys chosen for what breaks naive encoders. Data
// only, with no S3 client or server in it, so that tests running in the extension host can name it without
// loading the AWS SDK there (the activation test checks that nothing has).

export const DEMO_BUCKET = 'presign-lens-demo';
export const UPLOAD_BUCKET = 'presign-lens-uploads';
/** The prefix that holds many keys, for paging. */
export const MANY_PREFIX = 'logs/2025/11/';
export const MANY_COUNT = 2500;

export interface DemoObject {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
}

/** Keys chosen for what breaks naive encoders: spaces, `+`, `%`, unicode, RFC 3986 reserved marks, depth. */
export const DEMO_OBJECTS: readonly DemoObject[] = [
  {
    key: 'README.txt',
    contentType: 'text/plain',
    body: 'Demo data for S3 Presign Lens. Every object here is public knowledge.\n',
  },
  {
    key: 'reports/2025/Q3 summary.csv',
    contentType: 'text/csv',
    body: 'region,revenue\nus-east-1,100\neu-west-1,80\n',
  },
  {
    key: 'reports/2025/Q4 summary.csv',
    contentType: 'text/csv',
    body: 'region,revenue\nus-east-1,120\neu-west-1,95\n',
  },
  {
    key: 'images/logo.svg',
    contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#e25444"/></svg>\n',
  },
  {
    key: 'math/a+b=c.txt',
    contentType: 'text/plain',
    body: 'A key with a plus sign: it must be sent as %2B, never as a space.\n',
  },
  { key: 'unicode/café/naïve résumé.txt', contentType: 'text/plain; charset=utf-8', body: 'Accents in a key (NFC).\n' },
  {
    key: 'unicode/日本語/ファイル.txt',
    contentType: 'text/plain; charset=utf-8',
    body: 'Japanese characters in a key.\n',
  },
  { key: 'percent/100% done.txt', contentType: 'text/plain', body: 'A literal percent sign in a key.\n' },
  {
    key: "marks/~tilde*(star)'quote!.txt",
    contentType: 'text/plain',
    body: 'RFC 3986 marks that encodeURIComponent leaves alone.\n',
  },
  { key: 'deep/a/b/c/d/e/f/leaf.json', contentType: 'application/json', body: '{"depth":7}\n' },
  {
    key: 'uploads-go-elsewhere.txt',
    contentType: 'text/plain',
    body: `Try a presigned PUT into the ${UPLOAD_BUCKET} bucket.\n`,
  },
];

export function manyKey(index: number): string {
  return `${MANY_PREFIX}app-${String(index).padStart(5, '0')}.log`;
}
