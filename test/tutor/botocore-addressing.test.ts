/**
 * Which buckets botocore addresses virtually at a custom endpoint (AWS_S3_ADDRESSING_STYLE "virtual"):
 * drydock-fn's transcription of botocore's rule (src/tutor/object-storage.ts) on its cases, and against
 * botocore itself where it is installed (it is not in CI: python3's standard library only).
 */
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { botocoreVirtualHostable } from '../../src/tutor/object-storage';
import { hostileString } from '../support/hostile';
import { describeWithReader, propertySamples, pythonMissing, runPython } from '../support/readers';

describe("botocore's virtual-host rule, transcribed", () => {
  test.each([
    ['scormfiles', false, true],
    ['sc0rm-files', false, true],
    ['123', false, true],
    ['x'.repeat(63), false, true],
    ['x'.repeat(64), false, false],
    ['ab', false, false],
    ['ScormFiles', false, false],
    ['scorm_files', false, false],
    ['-ab', false, false],
    ['ab-', false, false],
    ['scorm.files', false, false],
    ['scorm.files', true, true],
    ['a.b.c', true, true],
    ['scorm..files', true, false],
    ['scorm.-files', true, false],
    ['192.168.1.1', true, false],
    ['1.2.3.4.5', true, true],
    ['ab\n', false, true],
  ])('%j (dots allowed: %s): virtual %s', (bucket, allowSubdomains, virtual) => {
    expect(botocoreVirtualHostable(bucket, allowSubdomains)).toBe(virtual);
  });
});

function botocoreMissing(): string | undefined {
  const missing = pythonMissing();
  if (missing) return missing;
  return spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0 ? undefined : 'botocore is not installed (pip install botocore); the transcribed cases above still run';
}

describeWithReader(botocoreMissing(), "botocore's own addressing at a custom endpoint", () => {
  test('sampled bucket names over http and https: virtual exactly when the transcription says so', () => {
    const bucket = fc.oneof(
      { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9._-]{0,70}$/) },
      { weight: 3, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9-]{0,8}$/) }), { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')) },
      { weight: 1, arbitrary: hostileString() },
    );
    const { seed, values } = propertySamples(bucket);
    // get_object's URL for each bucket, at an http and an https endpoint; null when botocore refuses the name.
    const urls = runPython<(string | null)[][]>(
      [
        'import botocore.session',
        'from botocore.config import Config',
        'session = botocore.session.get_session()',
        'clients = [session.create_client("s3", region_name="us-east-1", endpoint_url=url, aws_access_key_id="a", aws_secret_access_key="b", config=Config(s3={"addressing_style": "virtual"})) for url in ("http://s3.example.net:7480", "https://s3.example.net:9443")]',
        'def url(client, bucket):',
        '    try:',
        '        return client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}).split("?")[0]',
        '    except Exception:',
        '        return None',
        'result = [[url(client, bucket) for client in clients] for bucket in data]',
      ].join('\n'),
      values,
    );
    let compared = 0;
    let virtualCount = 0;
    values.forEach((name, index) => {
      [true, false].forEach((overHttp, client) => {
        const built = urls[index][client];
        if (built === null) return;
        compared++;
        const virtual = !/^https?:\/\/s3\.example\.net:\d+\//.test(built);
        if (virtual) virtualCount++;
        expect({ seed, name, overHttp, virtual: botocoreVirtualHostable(name, overHttp) }).toEqual({ seed, name, overHttp, virtual });
      });
    });
    // Both outcomes occur: the comparison can fail.
    expect(compared).toBeGreaterThan(values.length / 2);
    expect(virtualCount).toBeGreaterThan(values.length / 10);
    expect(virtualCount).toBeLessThan(compared);
  });
});
