// S3's answers to failed POST uploads, as captured in public threads (each cited), explained against the
// form they came from.
import * as assert from 'node:assert/strict';
import { explainPostError, parsePostForm, type PostForm } from '../../../src/engine/post';
import { formFixtures } from './fixtures';

function read(text: string): PostForm {
  const result = parsePostForm(text);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

/** A botocore-style form (fields as boto3 prints them) whose policy holds `conditions`. */
function formWith(
  conditions: unknown[],
  fields: Record<string, string>,
  url = 'https://b.s3.amazonaws.com/',
): PostForm {
  const policy = Buffer.from(JSON.stringify({ expiration: '2030-01-01T00:00:00Z', conditions })).toString('base64');
  return read(
    JSON.stringify({ url, fields: { ...fields, AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE', policy, signature: 'x' } }),
  );
}

describe('explainPostError', () => {
  it('a starts-with "" condition whose field the form lacks (waynehoover/s3_direct_upload#29)', () => {
    const xml =
      '<Error>\n<Code>AccessDenied</Code>\n<Message>\nInvalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", ""]\n</Message>\n<RequestId>D7C6C1FE8775221F</RequestId>\n<HostId>5qRPVAAM/6iZF0w8vfOlrm67FXoCiDZyDeZklt/lL2ndLb4+/Cry4JclqN/Zsw7L</HostId>\n</Error>';
    const form = formWith(
      [{ bucket: 'b' }, ['starts-with', '$key', 'uploads/'], ['starts-with', '$Content-Type', '']],
      {
        key: 'uploads/a.png',
      },
    );
    const e = explainPostError(xml, { form })!;
    assert.equal(e.errorCode, 'AccessDenied');
    assert.equal(e.condition?.index, 2);
    assert.equal(e.field, 'Content-Type');
    assert.deepEqual(
      e.explanations.map((x) => x.code),
      ['MISSING_FIELD'],
    );
    assert.match(e.explanations[0]!.message, /did not send a "Content-Type" field/);
  });

  it('a condition message wrapped over lines, without the form (tj/node-s3-policy#8)', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>AccessDenied</Code>\n  <Message>\n    Invalid according to Policy: Policy Condition failed: ["starts-with"\n, "$Content-Length", ""]\n  </Message>\n  <RequestId>...</RequestId>\n  <HostId>...</HostId>\n</Error>';
    const e = explainPostError(xml)!;
    assert.equal(e.condition?.type, 'starts-with');
    assert.equal(e.field, 'Content-Length');
    assert.equal(e.explanations[0]?.code, 'POLICY_CONDITION_FAILED');
  });

  it('an x-amz-date condition from another signing than the field (aws/aws-sdk-js#1514)', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n    <Code>AccessDenied</Code>\n    <Message>Invalid according to Policy: Policy Condition failed: ["eq", "$X-Amz-Date", "20170519T041709Z"]</Message>\n    <RequestId>49112BF3660BDE15</RequestId>\n</Error>';
    const form = formWith([{ 'X-Amz-Date': '20170519T041709Z' }], { key: 'k', 'X-Amz-Date': '20170519T000000Z' });
    const e = explainPostError(xml, { form })!;
    assert.equal(e.condition?.index, 0);
    assert.equal(e.value, '20170519T000000Z');
    assert.match(e.explanations[0]!.message, /different signings/);
  });

  it('a key the form meets as written, with "$$" in it (boto/boto3#4514)', () => {
    const xml =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["eq", "$key", "/2025/0267$$Copy.csv"]</Message><RequestId>F72R27WZG85A7F0Y</RequestId><HostId>QWKnrDXfFDoBcci1coj8mbJGxLOIO2j0EHamAsaU4o55U9thfYVSYZOjIQ1U9jobYrE64yjZWW0uxvwRx52KoQ==</HostId></Error>';
    const form = formWith([{ bucket: 'b' }, { key: '/2025/0267$$Copy.csv' }], { key: '/2025/0267$$Copy.csv' });
    const e = explainPostError(xml, { form })!;
    assert.equal(e.condition?.index, 1);
    assert.match(e.explanations[0]!.message, /meets it as written.*boto3#4514/);
  });

  it('a field S3 printed as an object condition is found in the policy (S3 prints {"acl": …} as eq)', () => {
    const xml =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "public-read"]</Message></Error>';
    const form = formWith([{ bucket: 'b' }, { acl: 'public-read' }], { key: 'k', acl: 'private' });
    const e = explainPostError(xml, { form })!;
    assert.equal(e.condition?.type, 'eq');
    assert.equal(e.condition?.index, 1);
    assert.match(e.explanations[0]!.message, /must be exactly "public-read"; the form sends "private"/);
  });

  it('a condition this form’s policy does not hold: another form was sent, said so, not measured against this one', () => {
    const xml =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/png"]</Message></Error>';
    const other = formWith([{ bucket: 'b' }, ['eq', '$Content-Type', 'image/jpeg']], {
      key: 'k',
      'Content-Type': 'image/gif',
    });
    const e = explainPostError(xml, { form: other })!;
    assert.equal(e.condition?.type, 'eq');
    assert.equal(e.condition?.index, -1, 'the condition as S3 printed it, not the form’s');
    assert.equal(e.field, 'Content-Type');
    assert.equal(e.value, undefined);
    assert.equal(e.explanations.length, 1);
    assert.equal(e.explanations[0]!.code, 'POLICY_CONDITION_FAILED');
    assert.match(
      e.explanations[0]!.message,
      /which this form's policy does not hold \(it has \["eq", ?"\$Content-Type", ?"image\/jpeg"\]\): the upload was sent with another form/,
    );
    assert.doesNotMatch(e.explanations[0]!.message, /image\/gif|must be exactly "image\/jpeg"/);
    const none = formWith([{ bucket: 'b' }], { key: 'k' });
    const n = explainPostError(xml, { form: none })!;
    assert.match(n.explanations[0]!.message, /does not hold: the upload was sent with another form/);
  });

  it('extra input fields added by an upload library (rowanwins/vue-dropzone#471, martinklepsch/s3-beam#42)', () => {
    const form = formWith([{ bucket: 'b' }, { key: 'k' }], { key: 'k' });
    for (const name of ['dzuuid', 'content-disposition']) {
      const xml = `<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Extra input fields: ${name}</Message><RequestId>1</RequestId></Error>`;
      const e = explainPostError(xml, { form })!;
      assert.deepEqual(
        e.explanations.map((x) => [x.code, x.field]),
        [['EXTRA_INPUT_FIELD', name]],
      );
      assert.match(e.explanations[0]!.message, /the uploading code or library added it/);
    }
  });

  it('an expired policy, with the form’s expiration (localstack TestS3PresignedPost, recorded against S3)', () => {
    const xml =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message><RequestId>1</RequestId></Error>';
    const e = explainPostError(xml, { form: formWith([{ key: 'k' }], { key: 'k' }) })!;
    assert.equal(e.explanations[0]?.code, 'POLICY_EXPIRED');
    assert.match(e.explanations[0].message, /2030-01-01T00:00:00Z/);
  });

  it('EntityTooLarge and EntityTooSmall with their sizes (localstack TestS3PresignedPost, recorded against S3)', () => {
    const form = formWith([{ key: 'k' }, ['content-length-range', 5, 10]], { key: 'k' });
    const large = explainPostError(
      '<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message><ProposedSize>12</ProposedSize><MaxSizeAllowed>10</MaxSizeAllowed></Error>',
      { form },
    )!;
    assert.equal(large.explanations[0]?.code, 'ENTITY_TOO_LARGE');
    assert.equal(large.condition?.type, 'content-length-range');
    assert.match(large.explanations[0].message, /12 bytes.*at most 10/);
    const small = explainPostError(
      '<Error><Code>EntityTooSmall</Code><Message>Your proposed upload is smaller than the minimum allowed size</Message><ProposedSize>1</ProposedSize><MinSizeAllowed>5</MinSizeAllowed></Error>',
      { form },
    )!;
    assert.equal(small.explanations[0]?.code, 'ENTITY_TOO_SMALL');
    assert.match(small.explanations[0].message, /1 bytes.*at least 5/);
  });

  it('a key S3 did not find because it came after the file (grafana/k6#1382)', () => {
    const xml =
      "<Error><Code>InvalidArgument</Code><Message>Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.</Message><ArgumentName>key</ArgumentName><ArgumentValue></ArgumentValue><RequestId>1</RequestId><HostId></HostId></Error>";
    const form = read(
      '<form action="https://b.s3.amazonaws.com/" method="post" enctype="multipart/form-data"><input type="hidden" name="policy" value="e30="><input type="file" name="file"><input type="hidden" name="key" value="k"></form>',
    );
    const e = explainPostError(xml, { form })!;
    assert.equal(e.field, 'key');
    assert.equal(e.explanations[0]?.code, 'MISSING_FIELD');
    assert.match(e.explanations[0].message, /after the file.*put the file last/);
  });

  it('no file part (rowanwins/vue-dropzone#303)', () => {
    const xml =
      '<Error><Code>InvalidArgument</Code><Message>POST requires exactly one file upload per request.</Message><ArgumentName>file</ArgumentName><ArgumentValue>0</ArgumentValue></Error>';
    const e = explainPostError(xml)!;
    assert.deepEqual(
      e.explanations.map((x) => [x.code, x.field]),
      [['MISSING_FIELD', 'file']],
    );
  });

  it('a form signed for another region (aws/aws-sdk-js#2529)', () => {
    const xml =
      "<Error><Code>InvalidArgument</Code><Message>the region 'us-east-1' is wrong; expecting 'us-west-1'</Message><ArgumentName>X-Amz-Credential</ArgumentName><Region>us-west-1</Region></Error>";
    const e = explainPostError(xml)!;
    assert.equal(e.explanations[0]?.code, 'REGION_MISMATCH');
    assert.match(e.explanations[0].message, /signed for region us-east-1.*bucket is in us-west-1/);
  });

  it('a policy S3 cannot read, with what is wrong in the form’s (tpyo/amazon-s3-php-class#53)', () => {
    const broken = Buffer.from("{'expiration': '2030-01-01T00:00:00Z', 'conditions': []}").toString('base64');
    const form = read(JSON.stringify({ fields: { key: 'k', AWSAccessKeyId: 'AKID', policy: broken, signature: 'x' } }));
    const e = explainPostError(
      '<Error><Code>InvalidPolicyDocument</Code><Message>Invalid Policy: Invalid JSON.</Message></Error>',
      { form },
    )!;
    assert.equal(e.explanations[0]?.code, 'POLICY_MALFORMED');
    assert.match(e.explanations[0].message, /Invalid JSON\..*not JSON/);
  });

  it('a body that is not multipart, and fields before the file over 20 KB (waynehoover/s3_direct_upload#45)', () => {
    const precondition = explainPostError(
      '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>Bucket POST must be of the enclosure-type multipart/form-data</Condition></Error>',
    )!;
    assert.equal(precondition.explanations[0]?.code, 'MALFORMED_REQUEST');
    const tooLarge = explainPostError(
      '<Error><Code>MaxPostPreDataLengthExceeded</Code><Message>Your POST request fields preceeding the upload file was too large.</Message><MaxPostPreDataLengthBytes>20480</MaxPostPreDataLengthBytes></Error>',
    )!;
    assert.equal(tooLarge.explanations[0]?.code, 'MALFORMED_REQUEST');
    assert.match(tooLarge.explanations[0].message, /20480 bytes.*another name than "file"/);
  });

  describe('SignatureDoesNotMatch, whose StringToSign is the policy S3 received (Fausto95/aws-s3#65)', () => {
    const mismatch = (policy: string, signature: string): string =>
      `<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>${policy}</StringToSign><SignatureProvided>${signature}</SignatureProvided></Error>`;

    it('names a policy that changed on the way', async () => {
      const f = (await formFixtures()).find((x) => x.form.policy!.base64.length > 100)!;
      const e = explainPostError(mismatch(f.form.policy!.base64.slice(0, -4), f.form.signature!), { form: f.form })!;
      assert.equal(e.explanations[0]?.code, 'POLICY_ALTERED');
    });

    it('says S3 holds another secret when the form verifies with the user’s', async () => {
      const f = (await formFixtures())[0]!;
      const e = explainPostError(mismatch(f.form.policy!.base64, f.form.signature!), {
        form: f.form,
        secretAccessKey: f.secretAccessKey,
      })!;
      assert.deepEqual(
        e.explanations.map((x) => x.code),
        ['WRONG_SECRET'],
      );
      assert.match(e.explanations[0]!.message, /S3 holds another secret/);
    });

    it('searches the cause with the secret when the form does not verify', async () => {
      const f = (await formFixtures())[0]!;
      const e = explainPostError(mismatch(f.form.policy!.base64, f.form.signature!), {
        form: f.form,
        secretAccessKey: 'another',
      })!;
      assert.match(e.explanations[0]!.message, /Nothing explains the mismatch/);
    });
  });

  it('never shows a session token, from the form or from S3’s echo', async () => {
    const f = (await formFixtures()).find((x) => x.sessionToken && x.generator === 'aws-sdk-js-v3')!;
    const token = f.sessionToken!;
    const condition = `["eq", "$X-Amz-Security-Token", "${token}"]`;
    const e = explainPostError(
      `<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ${condition}</Message><Token-0>${token}</Token-0></Error>`,
      {
        form: f.form,
        submission: { fields: f.upload.filter((x) => x.name !== 'X-Amz-Security-Token'), now: new Date() },
      },
    )!;
    assert.ok(!JSON.stringify(e).includes(token), JSON.stringify(e));
    assert.equal(e.explanations[0]?.code, 'MISSING_FIELD');
    // Without the form, or with another form: S3's echo alone holds the token.
    const other = formWith([{ bucket: 'b' }], { key: 'k' });
    for (const options of [{}, { form: other }]) {
      const alone = explainPostError(
        `<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ${condition}</Message></Error>`,
        options,
      )!;
      const text = JSON.stringify(alone);
      assert.ok(!text.includes(token) && !text.includes(token.slice(20, 60)), text);
      assert.match(text, /REDACTED/);
    }
  });

  it('leaves other answers to the URL engine’s reader, and anything not an error undefined', () => {
    const e = explainPostError(
      '<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message><AWSAccessKeyId>AKIAX</AWSAccessKeyId></Error>',
    )!;
    assert.equal(e.explanations[0]?.code, 'UNKNOWN_ACCESS_KEY');
    assert.equal(explainPostError('403 Forbidden'), undefined);
  });
});
