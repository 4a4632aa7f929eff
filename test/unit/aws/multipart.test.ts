// The fast UploadPart signer: for every part number, the URL getSignedUrl makes, byte for byte (AWS
// virtual-hosted and path style, a session token, a custom endpoint with a port, keys that break encoders);
// and it stands aside, so that the SDK signs every part, when the SDK's part 1 is not what it recomputes.
import * as assert from 'node:assert/strict';
import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { partSigner } from '../../../src/aws/multipart';
import { KEYS, LONG_TERM, SIGNING_DATE, TEMPORARY } from '../engine/fixtures';

const CLIENTS = [
  { name: 'AWS virtual-hosted', config: { region: 'eu-central-1' }, credentials: LONG_TERM },
  {
    name: 'AWS path style, session token',
    config: { region: 'us-east-1', forcePathStyle: true },
    credentials: TEMPORARY,
  },
  {
    name: 'custom endpoint with port',
    config: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true },
    credentials: LONG_TERM,
  },
];
const UPLOAD_ID = 'VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA--~.';
const PART_NUMBERS = [1, 2, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 9999, 10_000];

describe('the UploadPart signer', () => {
  for (const setup of CLIENTS) {
    it(`makes getSignedUrl's URL for every part number: ${setup.name}`, async () => {
      const client = new S3Client({
        ...setup.config,
        credentials: setup.credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      try {
        for (const key of KEYS.slice(0, 8)) {
          const sdk = (partNumber: number): Promise<string> =>
            getSignedUrl(
              client,
              new UploadPartCommand({
                Bucket: 'presign-lens-parts',
                Key: key,
                UploadId: UPLOAD_ID,
                PartNumber: partNumber,
              }),
              { expiresIn: 3600, signingDate: SIGNING_DATE },
            );
          const sign = partSigner(await sdk(1), setup.credentials.secretAccessKey);
          assert.ok(sign, `the signer takes the SDK's part 1 for ${JSON.stringify(key)}`);
          for (const n of PART_NUMBERS) assert.equal(sign(n), await sdk(n), `${JSON.stringify(key)} part ${n}`);
        }
      } finally {
        client.destroy();
      }
    });
  }

  it('stands aside when it cannot reproduce part 1: another secret, headers signed, no partNumber', async () => {
    const client = new S3Client({
      region: 'eu-west-1',
      credentials: LONG_TERM,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    try {
      const target = { Bucket: 'b', Key: 'k', UploadId: UPLOAD_ID, PartNumber: 1 };
      const first = await getSignedUrl(client, new UploadPartCommand(target), { signingDate: SIGNING_DATE });
      assert.equal(partSigner(first, 'another secret'), undefined);
      const withMd5 = await getSignedUrl(
        client,
        new UploadPartCommand({ ...target, ContentMD5: '1B2M2Y8AsgTpgAmY7PhCfg==' }),
        {
          signableHeaders: new Set(['content-md5']),
        },
      );
      assert.equal(partSigner(withMd5, LONG_TERM.secretAccessKey), undefined);
      assert.equal(partSigner(first.replace('partNumber=1', 'partNumber=2'), LONG_TERM.secretAccessKey), undefined);
    } finally {
      client.destroy();
    }
  });
});
