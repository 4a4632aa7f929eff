// The parts of @20minutes/s3rver (no types of its own) that the local S3 helpers use.
declare module '@20minutes/s3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: string[] }[];
  }
  class S3rver {
    constructor(options: S3rverOptions);
    readonly store: { putObject(object: unknown): Promise<{ size: number; md5: string }> };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
  export = S3rver;
}

declare module '@20minutes/s3rver/lib/models/account' {
  interface AWSAccount {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
  }
  export const DUMMY_ACCOUNT: AWSAccount;
}

declare module '@20minutes/s3rver/lib/models/object' {
  class S3Object {
    constructor(bucket: string, key: string, content: NodeJS.ReadableStream, metadata: Record<string, string>);
  }
  export = S3Object;
}

declare module '@20minutes/s3rver/lib/controllers/bucket' {
  const controller: Record<string, unknown>;
  export = controller;
}

declare module '@20minutes/s3rver/lib/models/error' {
  class S3Error extends Error {
    constructor(code: string, message: string, detail?: Record<string, unknown>);
  }
  export = S3Error;
}
