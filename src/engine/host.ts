// Where a presigned URL points: AWS endpoint forms (virtual-hosted, path style, legacy global and dash
// regional, dual-stack, FIPS, transfer acceleration, access points…) and S3-compatible services.

export type AddressingStyle =
  | 'virtual-hosted'
  | 'path'
  | 'access-point'
  | 'multi-region-access-point'
  | 'object-lambda'
  | 'outposts'
  | 'directory-bucket'
  | 'website';

export type EndpointKind =
  'global' | 'regional' | 'legacy-dash-regional' | 'dualstack' | 'fips' | 'accelerate' | 'custom';

export interface HostInfo {
  /** Host as signed: lower-case name plus a non-default port. */
  readonly host: string;
  readonly hostname: string;
  readonly port?: number;
  readonly isAws: boolean;
  readonly style: AddressingStyle;
  readonly endpoint: EndpointKind;
  /** Region the endpoint implies, when it implies one. */
  readonly region?: string;
  /** Bucket (or access point alias), from the host or the first path segment. */
  readonly bucket?: string;
  /** Where the bucket was read from; `path-guess` for custom endpoints, where either form is possible. */
  readonly bucketFrom?: 'host' | 'path' | 'path-guess';
  /** Raw (still percent-encoded) object key part of the path, without its leading slash. */
  readonly rawKey: string;
  /** The service when it is not AWS ("Cloudflare R2", "MinIO or another S3-compatible server"…). */
  readonly provider?: string;
  /** One-line description, e.g. "virtual-hosted style, regional endpoint (eu-west-1)". */
  readonly description: string;
}

const AWS_SUFFIXES = ['.amazonaws.com.cn', '.amazonaws.com'];
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '[::1]'
  );
}

function splitPath(rawPath: string): { first: string; rest: string; hasFirst: boolean } {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  const slash = path.indexOf('/');
  if (slash === -1) return { first: path, rest: '', hasFirst: path !== '' };
  return { first: path.slice(0, slash), rest: path.slice(slash + 1), hasFirst: true };
}

interface EndpointLabels {
  readonly endpoint: EndpointKind;
  readonly region?: string;
  readonly style?: AddressingStyle;
}

/** Reads the labels after the `s3…` marker of an AWS host (e.g. ["s3", "dualstack", "eu-west-1"]). */
function readAwsEndpoint(labels: readonly string[]): EndpointLabels | undefined {
  const [first, ...rest] = labels;
  if (first === undefined) return undefined;
  const regionAfter = (xs: readonly string[]): string | undefined =>
    xs.length === 1 && REGION.test(xs[0]!) ? xs[0] : undefined;
  switch (first) {
    case 's3':
      if (rest.length === 0) return { endpoint: 'global', region: 'us-east-1' };
      if (rest[0] === 'dualstack') return { endpoint: 'dualstack', region: regionAfter(rest.slice(1)) };
      if (rest[0] === 'accesspoint' || rest[0] === 'accesspoint-fips') return undefined;
      return regionAfter(rest) ? { endpoint: 'regional', region: rest[0] } : undefined;
    case 's3-external-1':
      return { endpoint: 'legacy-dash-regional', region: 'us-east-1' };
    case 's3-accelerate':
      return rest.length === 0 || (rest.length === 1 && rest[0] === 'dualstack')
        ? { endpoint: 'accelerate' }
        : undefined;
    case 's3-fips':
      if (rest[0] === 'dualstack') return { endpoint: 'fips', region: regionAfter(rest.slice(1)) };
      return { endpoint: 'fips', region: regionAfter(rest) };
    case 's3-accesspoint':
    case 's3-accesspoint-fips':
      return {
        endpoint: first.endsWith('fips') ? 'fips' : 'regional',
        style: 'access-point',
        region: regionAfter(rest.filter((l) => l !== 'dualstack')),
      };
    case 's3-object-lambda':
      return { endpoint: 'regional', style: 'object-lambda', region: regionAfter(rest) };
    case 's3-outposts':
      return { endpoint: 'regional', style: 'outposts', region: regionAfter(rest) };
    default:
      if (first.startsWith('s3-website')) {
        const dash = first.slice('s3-website-'.length);
        return { endpoint: 'regional', style: 'website', region: REGION.test(dash) ? dash : regionAfter(rest) };
      }
      if (first.startsWith('s3express-'))
        return { endpoint: 'regional', style: 'directory-bucket', region: regionAfter(rest) };
      if (first.startsWith('s3-') && REGION.test(first.slice(3)) && rest.length === 0) {
        return { endpoint: 'legacy-dash-regional', region: first.slice(3) };
      }
      return undefined;
  }
}

const ENDPOINT_WORDS: Record<EndpointKind, string> = {
  global: 'legacy global endpoint (us-east-1)',
  regional: 'regional endpoint',
  'legacy-dash-regional': 'legacy s3-<region> endpoint',
  dualstack: 'dual-stack endpoint',
  fips: 'FIPS endpoint',
  accelerate: 'Transfer Acceleration endpoint',
  custom: 'custom endpoint',
};

const STYLE_WORDS: Record<AddressingStyle, string> = {
  'virtual-hosted': 'virtual-hosted style',
  path: 'path style',
  'access-point': 'access point',
  'multi-region-access-point': 'multi-region access point',
  'object-lambda': 'Object Lambda access point',
  outposts: 'S3 on Outposts',
  'directory-bucket': 'directory bucket (S3 Express One Zone)',
  website: 'static website endpoint',
};

function describe(
  style: AddressingStyle,
  endpoint: EndpointKind,
  region: string | undefined,
  provider?: string,
): string {
  const where = endpoint === 'custom' ? (provider ?? ENDPOINT_WORDS.custom) : ENDPOINT_WORDS[endpoint];
  const inRegion = region && endpoint !== 'global' ? ` (${region})` : '';
  return `${STYLE_WORDS[style]}, ${where}${inRegion}`;
}

function awsHost(host: string, hostname: string, port: number | undefined, rawPath: string): HostInfo | undefined {
  const suffix = AWS_SUFFIXES.find((s) => hostname.endsWith(s));
  if (!suffix) return undefined;
  const labels = hostname.slice(0, -suffix.length).split('.');
  const path = splitPath(rawPath);

  if (labels.length >= 3 && labels[labels.length - 2] === 'accesspoint' && labels[labels.length - 1] === 's3-global') {
    const alias = labels.slice(0, -2).join('.');
    return {
      host,
      hostname,
      port,
      isAws: true,
      style: 'multi-region-access-point',
      endpoint: 'global',
      bucket: alias,
      bucketFrom: 'host',
      rawKey: path.hasFirst ? rawPath.replace(/^\//, '') : '',
      description: describe('multi-region-access-point', 'global', undefined),
    };
  }

  // The marker label: the leftmost label from which the rest reads as an S3 endpoint.
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label !== 's3' && !label.startsWith('s3-') && !label.startsWith('s3express-')) continue;
    const endpoint = readAwsEndpoint(labels.slice(i));
    if (!endpoint) continue;
    const hostPart = labels.slice(0, i).join('.');
    if (hostPart === '') {
      // Path style: the bucket is the first path segment.
      return {
        host,
        hostname,
        port,
        isAws: true,
        style: endpoint.style ?? 'path',
        endpoint: endpoint.endpoint,
        region: endpoint.region,
        bucket: path.hasFirst ? path.first : undefined,
        bucketFrom: path.hasFirst ? 'path' : undefined,
        rawKey: path.rest,
        description: describe(endpoint.style ?? 'path', endpoint.endpoint, endpoint.region),
      };
    }
    const style = endpoint.style ?? 'virtual-hosted';
    return {
      host,
      hostname,
      port,
      isAws: true,
      style,
      endpoint: endpoint.endpoint,
      region: endpoint.region,
      bucket: style === 'outposts' ? labels[0] : hostPart,
      bucketFrom: 'host',
      rawKey: rawPath.replace(/^\//, ''),
      description: describe(style, endpoint.endpoint, endpoint.region),
    };
  }
  return undefined;
}

interface KnownProvider {
  readonly name: string;
  /** Matches the host; group 1 (optional) is a bucket in the host, `region` a region label. */
  readonly pattern: RegExp;
}

const PROVIDERS: readonly KnownProvider[] = [
  {
    name: 'Cloudflare R2',
    pattern: /^(?:(?<bucket>[a-z0-9.-]+)\.)?[0-9a-f]{32}\.(?:eu\.|fedramp\.)?r2\.cloudflarestorage\.com$/,
  },
  {
    name: 'DigitalOcean Spaces',
    pattern: /^(?:(?<bucket>[a-z0-9.-]+)\.)?(?<region>[a-z]{3}\d)\.digitaloceanspaces\.com$/,
  },
  { name: 'Google Cloud Storage', pattern: /^(?:(?<bucket>[a-z0-9._-]+)\.)?storage\.googleapis\.com$/ },
  {
    name: 'Backblaze B2',
    pattern: /^(?:(?<bucket>[a-z0-9-]+)\.)?s3\.(?<region>[a-z]+-[a-z]+-\d{3})\.backblazeb2\.com$/,
  },
  { name: 'Wasabi', pattern: /^(?:(?<bucket>[a-z0-9.-]+)\.)?s3\.(?:(?<region>[a-z]+-[a-z]+-\d)\.)?wasabisys\.com$/ },
];

/**
 * The bucket of a virtual-hosted URL on a custom endpoint: `bucket.localhost` (the name every loopback server
 * that has virtual hosting uses), or a host one or more labels longer than a known endpoint's.
 */
function customVirtualBucket(
  name: string,
  port: number | undefined,
  endpoints: readonly string[],
): { bucket: string; provider: string } | undefined {
  for (const endpoint of endpoints) {
    let u: URL;
    try {
      u = new URL(endpoint);
    } catch {
      continue;
    }
    const endpointPort = u.port === '' ? undefined : Number(u.port);
    const suffix = `.${u.hostname.toLowerCase()}`;
    if (endpointPort === port && name.endsWith(suffix) && name.length > suffix.length) {
      return { bucket: name.slice(0, -suffix.length), provider: `S3-compatible server at ${u.host}` };
    }
  }
  if (name.endsWith('.localhost') && name.length > '.localhost'.length) {
    return { bucket: name.slice(0, -'.localhost'.length), provider: 'local S3-compatible server' };
  }
  return undefined;
}

export function analyzeHost(
  hostname: string,
  port: number | undefined,
  rawPath: string,
  endpoints: readonly string[] = [],
): HostInfo {
  const name = hostname.toLowerCase();
  const host = port === undefined ? name : `${name}:${port}`;
  const aws = awsHost(host, name, port, rawPath);
  if (aws) return aws;

  const path = splitPath(rawPath);
  for (const provider of PROVIDERS) {
    const m = provider.pattern.exec(name);
    if (!m) continue;
    const fromHost = m.groups?.['bucket'];
    const region = m.groups?.['region'];
    const style: AddressingStyle = fromHost ? 'virtual-hosted' : 'path';
    return {
      host,
      hostname: name,
      port,
      isAws: false,
      style,
      endpoint: 'custom',
      region,
      provider: provider.name,
      bucket: fromHost ?? (path.hasFirst ? path.first : undefined),
      bucketFrom: fromHost ? 'host' : 'path',
      rawKey: fromHost ? rawPath.replace(/^\//, '') : path.rest,
      description: describe(style, 'custom', region, provider.name),
    };
  }

  const virtual = customVirtualBucket(name, port, endpoints);
  if (virtual) {
    return {
      host,
      hostname: name,
      port,
      isAws: false,
      style: 'virtual-hosted',
      endpoint: 'custom',
      provider: virtual.provider,
      bucket: virtual.bucket,
      bucketFrom: 'host',
      rawKey: rawPath.replace(/^\//, ''),
      description: describe('virtual-hosted', 'custom', undefined, virtual.provider),
    };
  }

  // Any other server (MinIO, Ceph, SeaweedFS, a local test server…): path style is the usual form and
  // the only one that works on an IP address or localhost; a bucket in the host cannot be told apart.
  const provider = isLoopbackHost(name) ? 'local S3-compatible server' : 'S3-compatible server';
  return {
    host,
    hostname: name,
    port,
    isAws: false,
    style: 'path',
    endpoint: 'custom',
    provider,
    bucket: path.hasFirst ? path.first : undefined,
    bucketFrom: 'path-guess',
    rawKey: path.rest,
    description: `path style (assumed), ${provider}`,
  };
}
