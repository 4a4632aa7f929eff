// S3 for the explorer and the presign command: one client per (profile, region), bucket regions found and
// cached, listings one page at a time, every request cancellable.
import {
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider, BuildMiddleware } from '@smithy/types';
import { uriEncode, type CorsRule } from '../engine';
import type { AwsProfile } from './profileModel';

export interface BucketEntry {
  readonly name: string;
  readonly region?: string;
  readonly createdAt?: Date;
}

export interface ObjectEntry {
  readonly key: string;
  readonly size: number;
  readonly lastModified?: Date;
  readonly storageClass?: string;
  readonly etag?: string;
}

export interface ListingPage {
  /** Common prefixes ("folders"), full keys ending with "/". */
  readonly folders: readonly string[];
  readonly objects: readonly ObjectEntry[];
  readonly nextToken?: string;
}

/**
 * What HeadBucket tells of a bucket name: it exists and the profile may list it; it exists but the
 * profile may not (403); there is no such bucket (404); or no answer that tells (the network, throttling,
 * a timeout: `error`).
 */
export type BucketCheck =
  | { readonly state: 'exists' | 'denied'; readonly region?: string }
  | { readonly state: 'missing' }
  | { readonly state: 'unknown'; readonly error: unknown };

const DEFAULT_REGION = 'us-east-1';

/**
 * The most ListBuckets pages read (of up to 1,000 buckets each): 2,000,000 buckets, twice the most AWS
 * grants an account on request (the default quota is 10,000). An endpoint that pages on past it (a faulty
 * S3-compatible server, a proxy replaying a token) is stopped with a message rather than followed for ever.
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html
 */
export const MAX_BUCKET_PAGES = 2000;

/**
 * Sends a path-style bucket-level request as `/bucket` rather than `/bucket/`. Both name the bucket for S3,
 * which signs the path as sent; some S3-compatible servers (s3rver, the sandbox's) sign the trailing slash
 * away and refuse every bucket-level call otherwise.
 */
const bucketPathWithoutSlash: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
  // Only bucket-level requests: an object request's path ends in "/" when its key does ("folder/"), and
  // in virtual-hosted style that path has one segment too.
  const bucketLevel = (args.input as { Key?: unknown }).Key === undefined;
  const request = args.request as { path?: string };
  if (bucketLevel && request.path && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
  return next(args);
};

/** `promise`, or an AbortError as soon as `signal` aborts (the work behind `promise` goes on for others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

export class S3Access {
  private readonly clients = new Map<string, S3Client>();
  private readonly regions = new Map<string, Promise<string>>();
  private closed = false;

  constructor(
    readonly profile: AwsProfile,
    readonly credentials: AwsCredentialIdentityProvider,
    /** How long a request may go without an answer before it fails. */
    private readonly requestTimeoutMs = 30_000,
  ) {}

  /** The endpoint requests go to, for messages. */
  endpointFor(region: string): string {
    return this.profile.endpointUrl ?? `https://s3.${region}.amazonaws.com`;
  }

  get defaultRegion(): string {
    return this.profile.region ?? DEFAULT_REGION;
  }

  /**
   * The client for a region. `sdkDefaultChecksums` keeps SDK v3's default checksums, which put the CRC32 of
   * an empty body on presigned uploads; by default only what S3 requires is computed.
   */
  client(region = this.defaultRegion, sdkDefaultChecksums = false): S3Client {
    // A closed access would silently make new clients without anyone to close them.
    if (this.closed) throw new Error(`The S3 access of profile ${this.profile.name} was closed: try again.`);
    const id = `${region}|${sdkDefaultChecksums}`;
    let client = this.clients.get(id);
    if (!client) {
      client = this.newClient(region, sdkDefaultChecksums);
      this.clients.set(id, client);
    }
    return client;
  }

  /**
   * A client of its own whose clock reads `clockOffsetMs` ahead of this machine's: createPresignedPost
   * signs as of the client's clock and takes no signing date. Never sends a request; the caller destroys it.
   */
  clientWithClockOffset(region: string, clockOffsetMs: number): S3Client {
    if (this.closed) throw new Error(`The S3 access of profile ${this.profile.name} was closed: try again.`);
    return this.newClient(region, false, clockOffsetMs);
  }

  private newClient(region: string, sdkDefaultChecksums: boolean, systemClockOffset = 0): S3Client {
    const checksums = sdkDefaultChecksums ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED';
    const client = new S3Client({
      region,
      credentials: this.credentials,
      endpoint: this.profile.endpointUrl,
      forcePathStyle: this.profile.pathStyle,
      requestChecksumCalculation: checksums,
      responseChecksumValidation: checksums,
      maxAttempts: 3,
      systemClockOffset,
      // Without throwOnRequestTimeout, a request past its timeout only logs a warning and waits on.
      requestHandler: new NodeHttpHandler({
        connectionTimeout: 5000,
        requestTimeout: this.requestTimeoutMs,
        throwOnRequestTimeout: true,
      }),
    });
    if (this.profile.pathStyle || this.profile.endpointUrl) {
      client.middlewareStack.add(bucketPathWithoutSlash, { step: 'build', name: 's3presignBucketPathWithoutSlash' });
    }
    return client;
  }

  /**
   * Every bucket the profile may list, following ListBuckets pages: `maxPages` of them at most, and never
   * a continuation token seen before.
   */
  async listBuckets(signal: AbortSignal, maxPages = MAX_BUCKET_PAGES): Promise<BucketEntry[]> {
    const buckets: BucketEntry[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let pages = 0; ; pages++) {
      if (pages === maxPages)
        throw new Error(
          `The endpoint listed over ${maxPages} pages of buckets (${buckets.length} buckets) and was not followed further: add the bucket you need by name.`,
        );
      const page = await this.client().send(new ListBucketsCommand({ ContinuationToken: token, MaxBuckets: 1000 }), {
        abortSignal: signal,
      });
      for (const b of page.Buckets ?? []) {
        if (!b.Name) continue;
        if (b.BucketRegion) this.regions.set(b.Name, Promise.resolve(b.BucketRegion));
        buckets.push({ name: b.Name, region: b.BucketRegion, createdAt: b.CreationDate });
      }
      token = page.ContinuationToken;
      if (!token) return buckets;
      if (seen.has(token))
        throw new Error(
          'The endpoint answered ListBuckets with a continuation token it had given before, and was not followed in a loop: add the bucket you need by name.',
        );
      seen.add(token);
    }
  }

  /** States a bucket's region (from the user, or known otherwise), so that no request looks it up. */
  setBucketRegion(bucket: string, region: string): void {
    this.regions.set(bucket, Promise.resolve(region));
  }

  /**
   * The bucket's region, so that its objects are listed against its own regional endpoint: from
   * ListBuckets when it said, else GetBucketLocation, else the x-amz-bucket-region of HeadBucket (sent
   * even with a 301 or 403). Cached; custom endpoints keep the profile's region.
   */
  bucketRegion(bucket: string, signal: AbortSignal): Promise<string> {
    let region = this.regions.get(bucket);
    if (!region && this.profile.endpointUrl) return Promise.resolve(this.defaultRegion);
    if (!region) {
      // Shared by every caller, so not tied to the first one's signal (the request timeout still holds):
      // a folder collapsed in the tree must not fail a presign waiting for the same bucket.
      region = this.findRegion(bucket);
      region.catch(() => this.regions.delete(bucket));
      this.regions.set(bucket, region);
    }
    return untilAborted(region, signal);
  }

  private async findRegion(bucket: string): Promise<string> {
    try {
      const location = await this.client(DEFAULT_REGION).send(new GetBucketLocationCommand({ Bucket: bucket }));
      const constraint = location.LocationConstraint as string | undefined;
      return !constraint ? DEFAULT_REGION : constraint === 'EU' ? 'eu-west-1' : constraint;
    } catch (err) {
      try {
        const head = await this.client(DEFAULT_REGION).send(new HeadBucketCommand({ Bucket: bucket }));
        return head.BucketRegion ?? DEFAULT_REGION;
      } catch (headErr) {
        const header = (headErr as { $response?: { headers?: Record<string, string> } }).$response?.headers?.[
          'x-amz-bucket-region'
        ];
        if (header) return header;
        throw err;
      }
    }
  }

  /**
   * Whether a bucket exists for this profile, by HeadBucket: 200 when it exists and the profile may list it,
   * 403 when it exists but the profile may not, 404 when there is none. Sent to any region, S3 answers with
   * the bucket's own in x-amz-bucket-region (a 301 or 400 when it is another): then asked there once more.
   *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
   */
  async checkBucket(bucket: string, signal: AbortSignal): Promise<BucketCheck> {
    let region = this.defaultRegion;
    for (let attempt = 0; ; attempt++) {
      try {
        const head = await this.client(region).send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
        return { state: 'exists', region: head.BucketRegion ?? region };
      } catch (err) {
        const failed = err as {
          $metadata?: { httpStatusCode?: number };
          $response?: { headers?: Record<string, string> };
        };
        const status = failed.$metadata?.httpStatusCode;
        const answered = failed.$response?.headers?.['x-amz-bucket-region'];
        if (status === 403) return { state: 'denied', region: answered ?? region };
        if (status === 404) return { state: 'missing' };
        if (answered && answered !== region && attempt === 0 && !this.profile.endpointUrl) {
          region = answered;
          continue;
        }
        return { state: 'unknown', error: err };
      }
    }
  }

  /**
   * One page of a folder: sub-folders and objects directly under `prefix`; with `recursive`, every object
   * below it and no folders.
   */
  async listPage(
    bucket: string,
    prefix: string,
    pageSize: number,
    token: string | undefined,
    signal: AbortSignal,
    recursive = false,
  ): Promise<ListingPage> {
    const region = await this.bucketRegion(bucket, signal);
    const page = await this.client(region).send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix || undefined,
        Delimiter: recursive ? undefined : '/',
        MaxKeys: pageSize,
        ContinuationToken: token,
      }),
      { abortSignal: signal },
    );
    return {
      folders: (page.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter((p) => p !== ''),
      objects: (page.Contents ?? [])
        .filter((o) => o.Key !== undefined && o.Key !== prefix)
        .map((o) => ({
          key: o.Key!,
          size: o.Size ?? 0,
          lastModified: o.LastModified,
          storageClass: o.StorageClass,
          etag: o.ETag,
        })),
      nextToken: page.IsTruncated ? page.NextContinuationToken : undefined,
    };
  }

  /**
   * The bucket's CORS rules, read with GetBucketCors on its own Region, keyed as the console keys them; null
   * when the bucket has none (S3 answers NoSuchCORSConfiguration:
   * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketCors.html).
   */
  async bucketCors(bucket: string, signal: AbortSignal): Promise<CorsRule[] | null> {
    const region = await this.bucketRegion(bucket, signal);
    try {
      const answer = await this.client(region).send(new GetBucketCorsCommand({ Bucket: bucket }), {
        abortSignal: signal,
      });
      return (answer.CORSRules ?? []).map((r) => ({
        ...(r.ID === undefined ? {} : { ID: r.ID }),
        ...(r.AllowedHeaders === undefined ? {} : { AllowedHeaders: r.AllowedHeaders }),
        AllowedMethods: r.AllowedMethods ?? [],
        AllowedOrigins: r.AllowedOrigins ?? [],
        ...(r.ExposeHeaders === undefined ? {} : { ExposeHeaders: r.ExposeHeaders }),
        ...(r.MaxAgeSeconds === undefined ? {} : { MaxAgeSeconds: r.MaxAgeSeconds }),
      }));
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchCORSConfiguration') return null;
      throw err;
    }
  }

  /**
   * Every object under `prefix`, page after page (recursive listing), until the last page or `signal`.
   * An endpoint that hands back a continuation token it gave before is not followed in a loop: that ends
   * the listing with an error saying how far it got.
   */
  async *objectPages(
    bucket: string,
    prefix: string,
    pageSize: number,
    signal: AbortSignal,
  ): AsyncGenerator<ListingPage> {
    const seen = new Set<string>();
    let listed = 0;
    let token: string | undefined;
    do {
      const page = await this.listPage(bucket, prefix, pageSize, token, signal, true);
      listed += page.objects.length;
      yield page;
      token = page.nextToken;
      if (token !== undefined && seen.has(token))
        throw new Error(
          `The listing of s3://${bucket}/${prefix} stopped after ${listed.toLocaleString('en-US')} objects: the endpoint returned a continuation token it had returned before.`,
        );
      if (token !== undefined) seen.add(token);
    } while (token !== undefined);
  }

  /** The object's plain (unsigned) URL, in the style this profile's requests use. */
  objectUrl(bucket: string, key: string, region: string): string {
    const path = uriEncode(key, true);
    if (this.profile.endpointUrl) {
      const endpoint = this.profile.endpointUrl.replace(/\/+$/, '');
      if (this.profile.pathStyle) return `${endpoint}/${bucket}/${path}`;
      const u = new URL(endpoint);
      return `${u.protocol}//${bucket}.${u.host}/${path}`;
    }
    const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    // Buckets with dots do not match the TLS certificate of virtual-hosted names.
    if (this.profile.pathStyle || bucket.includes('.')) return `https://s3.${region}.${suffix}/${bucket}/${path}`;
    return `https://${bucket}.s3.${region}.${suffix}/${path}`;
  }

  dispose(): void {
    this.closed = true;
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
