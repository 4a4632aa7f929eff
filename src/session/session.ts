// The AWS session every feature shares: the profiles of the AWS files and the environment, one S3 access
// per profile (its credentials resolved once, its clients, its bucket-region cache), the buckets added by
// name, and which profile signed a URL. Created once by the composition root and handed to each feature.
// A refresh or a setting change replaces a profile's access for new work; work in flight keeps the one it
// started with until it ends (see pool.ts). Hiding a profile is the Buckets view's business only.
import * as vscode from 'vscode';
import type { AwsCredentialIdentity } from '@smithy/types';
import { profileForAccessKey, type AwsProfile } from '../aws/profileModel';
import type { S3Access } from '../aws/s3';
import { config, type Ctx } from '../editor';
import { AddedBuckets } from './addedBuckets';
import { askMfaCode } from './mfa';
import { LeasePool } from './pool';
import { loadSdk } from './sdkLoader';

export interface ProfileListing {
  /** Every profile, the default one first, then by name. */
  readonly profiles: readonly AwsProfile[];
  readonly configFile: string;
}

export class AwsSession implements vscode.Disposable {
  readonly added: AddedBuckets;
  private listing?: Promise<ProfileListing>;
  private readonly accesses: LeasePool<S3Access>;
  /** The profiles of the last listing, by name, for the accesses made from them. */
  private readonly known = new Map<string, AwsProfile>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.added = new AddedBuckets(ctx.extension.globalState);
    this.accesses = new LeasePool(
      (name) => this.open(name),
      (access) => access.dispose(),
    );
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // The timeout is fixed when an access is made: new work gets it, work in flight keeps its own.
        if (e.affectsConfiguration('s3presign.requestTimeout')) this.accesses.replaceAll();
        if (e.affectsConfiguration('s3presign.defaultProfile')) this.listing = undefined;
      }),
    );
  }

  /** Every profile (hidden ones included), the default one first. Rejects when the AWS files cannot be read. */
  async profiles(): Promise<readonly AwsProfile[]> {
    return (await this.list()).profiles;
  }

  async profile(name: string): Promise<AwsProfile | undefined> {
    return (await this.profiles()).find((p) => p.name === name);
  }

  /** The profile whose access key ID signed a URL, if one of the user's profiles holds it. */
  async profileForAccessKey(accessKeyId: string | undefined): Promise<AwsProfile | undefined> {
    return profileForAccessKey(await this.profiles().catch(() => []), accessKeyId);
  }

  /**
   * The S3 endpoints (endpoint_url) of the profiles read last, for reading URLs virtual-hosted on them. Empty
   * until something lists the profiles: reading them loads the AWS SDK, which activation never does.
   */
  knownEndpoints(): string[] {
    return [...this.known.values()].flatMap((p) => (p.endpointUrl ? [p.endpointUrl] : []));
  }

  /** The name of the profile proposed first: the setting, else AWS_PROFILE, else "default". */
  defaultProfileName(): string {
    return config.defaultProfile();
  }

  /**
   * Runs `work` with the profile's S3 access. A refresh meanwhile gives new work a new access and leaves
   * this one to `work` until it settles.
   */
  async withAccess<T>(profile: string, work: (access: S3Access) => Promise<T> | T): Promise<T> {
    if (!(await this.profile(profile))) throw new Error(`No AWS profile named "${profile}".`);
    return this.accesses.use(profile, work);
  }

  /** The credentials of a profile (resolved once per access; temporary ones again near their end). */
  credentials(profile: string): Promise<AwsCredentialIdentity> {
    return this.withAccess(profile, (access) => access.credentials());
  }

  /** Reads the profiles again and replaces every access: new credentials (after `aws sso login`), new files. */
  refresh(): void {
    this.listing = undefined;
    this.accesses.replaceAll();
  }

  /** Replaces one profile's access (its credentials are resolved again). */
  refreshProfile(profile: string): void {
    this.accesses.replace(profile);
  }

  dispose(): void {
    this.accesses.replaceAll();
    for (const s of this.subscriptions) s.dispose();
  }

  private list(): Promise<ProfileListing> {
    this.listing ??= this.read();
    const listing = this.listing;
    listing.catch(() => {
      if (this.listing === listing) this.listing = undefined;
    });
    return listing;
  }

  private async read(): Promise<ProfileListing> {
    const { profiles, configFile } = await loadSdk().listProfiles();
    const preferred = config.defaultProfile();
    const sorted = [...profiles].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
    this.known.clear();
    for (const p of sorted) this.known.set(p.name, p);
    this.ctx.log.info(
      `Profiles from ${configFile}: ${sorted.map((p) => `${p.name} (${p.kind})`).join(', ') || 'none'}`,
    );
    return { profiles: sorted, configFile };
  }

  /** A new S3 access for a listed profile: credentials through the SDK's providers, MFA asked in an input box. */
  private open(name: string): S3Access {
    const sdk = loadSdk();
    // withAccess found the name in the listing before asking for an access.
    const profile = this.known.get(name);
    if (!profile) throw new Error(`No AWS profile named "${name}".`);
    return new sdk.S3Access(
      profile,
      sdk.credentialProvider(profile, (serial) => askMfaCode(profile.name, serial)),
      config.requestTimeoutMs(),
    );
  }
}
