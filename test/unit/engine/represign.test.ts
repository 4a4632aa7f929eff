import * as assert from 'node:assert/strict';
import { parsePresignedUrl, represignRequest, type PresignedUrl } from '../../../src/engine';

const BASE =
  'https://b.s3.eu-west-1.amazonaws.com/reports/q3.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=0000000000000000000000000000000000000000000000000000000000000000';
/** The reason given when `represignRequest` refuses, or a failure naming what it returned instead. */
const reason = (r: ReturnType<typeof represignRequest>): string =>
  typeof r === 'string' ? r : `not refused: ${JSON.stringify(r)}`;
const url = (query: string): PresignedUrl => {
  const parsed = parsePresignedUrl(`${BASE}${query}`);
  assert.ok(parsed.ok);
  return parsed.value;
};

describe('represignRequest', () => {
  it('makes the same object request again: method, overrides, version and expiry length', () => {
    assert.deepEqual(
      represignRequest(
        url('&response-content-disposition=attachment%3B%20filename%3D%22q3.csv%22&versionId=v1&x-id=GetObject'),
      ),
      {
        bucket: 'b',
        key: 'reports/q3.csv',
        method: 'GET',
        expiresIn: 900,
        responseContentDisposition: 'attachment; filename="q3.csv"',
        responseContentType: undefined,
        versionId: 'v1',
      },
    );
    for (const [id, method] of [
      ['PutObject', 'PUT'],
      ['HeadObject', 'HEAD'],
      ['DeleteObject', 'DELETE'],
    ]) {
      assert.equal((represignRequest(url(`&x-id=${id}`)) as { method: string }).method, method);
    }
  });

  it('leaves the method to the user when the URL does not say it', () => {
    assert.equal((represignRequest(url('')) as { method?: string }).method, undefined);
  });

  it('refuses what is not a plain object request, since a PutObject in its place would overwrite the object', () => {
    assert.match(
      reason(represignRequest(url('&partNumber=2&uploadId=abc&x-id=UploadPart'))),
      /UploadPart: S3 Presign Lens presigns GetObject, PutObject, HeadObject and DeleteObject requests only/,
    );
    assert.match(reason(represignRequest(url('&x-id=CreateMultipartUpload&uploads='))), /CreateMultipartUpload/);
    assert.match(reason(represignRequest(url('&tagging='))), /the tagging subresource/);
    assert.match(reason(represignRequest(url('&x-id=PutObjectTagging&tagging='))), /PutObjectTagging/);
  });
});
