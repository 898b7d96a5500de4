/** Caddyfile tokens, host names and bucket names, read back by `caddy adapt`. */
import * as fc from 'fast-check';
import { caddyBucketProblem, caddyHostProblem, caddyToken, caddyTokenProblem } from '../../src/encoders/caddyfile';
import { HOSTILE_CHARACTERS, hostileString } from '../support/hostile';
import { caddyAdaptAll, caddyMissing, describeWithReader } from '../support/readers';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

describe('Caddyfile tokens', () => {
  test('plain tokens pass; anything the Caddyfile gives a meaning to is refused', () => {
    for (const token of ['minio:9000', '/openedx/', 'https://bucket.s3.amazonaws.com', 'files.example.com', 'a;b,c=d&e?f', '[::1]:80']) expect(caddyTokenProblem(token)).toBeUndefined();
    for (const token of ['', 'a b', 'a\tb', 'a\nb', 'a\u00a0b', 'a\u2028b', '"a"', '`a`', 'a\\b', '{a}', '{$HOME}', '{http.request.host}', '#a', 'a#b', '<<EOF', 'é', '}']) {
      expect(caddyTokenProblem(token)).toBeDefined();
    }
    expect(() => caddyToken('a b')).toThrow();
  });

  test('host and bucket names', () => {
    for (const host of ['files.example.com', 'S3.Amazonaws.COM', 'minio', 'a-b.c']) expect(caddyHostProblem(host)).toBeUndefined();
    for (const host of ['', '-a.com', 'a_b.com', 'a..b', 'a.com.', '*.a.com', 'a b', 'ä.com', 'a{$X}.com', `${'a'.repeat(64)}.com`]) expect(caddyHostProblem(host)).toBeDefined();
    for (const bucket of ['openedx', 'my.bucket-1', 'Legacy_Bucket']) expect(caddyBucketProblem(bucket)).toBeUndefined();
    for (const bucket of ['ab', '-ab', 'a b', 'a/b', 'a{b}', '', 'a#b', 'a\nb']) expect(caddyBucketProblem(bucket)).toBeDefined();
  });
});

describeWithReader(caddyMissing(), 'caddy adapt reads each accepted token as itself', () => {
  test(`the hostile alphabet and ${RUNS} hostile strings: accepted ones come back from caddy adapt as they are`, async () => {
    const candidates = [...HOSTILE_CHARACTERS, ...HOSTILE_CHARACTERS.map((char) => `a${char}b`), ...fc.sample(hostileString(), { numRuns: RUNS, seed: 11 })];
    const accepted = [...new Set(candidates.filter((value) => caddyTokenProblem(value) === undefined))];
    expect(accepted.length).toBeGreaterThan(20);
    // One Caddyfile, one header per token: a token that split, opened a block or vanished shows.
    const caddyfile = `:80 {\n${accepted.map((token, index) => `    header X-Token-${index} ${caddyToken(token)}`).join('\n')}\n}\n`;
    const [adapted] = await caddyAdaptAll([caddyfile]);
    expect(adapted.error).toBeUndefined();
    const headers: Record<string, string[]> = {};
    for (const route of adapted.config?.apps.http.servers.srv0.routes ?? []) {
      for (const handler of route.handle ?? []) Object.assign(headers, handler.response?.set ?? {});
    }
    expect(headers).toEqual(Object.fromEntries(accepted.map((token, index) => [`X-Token-${index}`, [token]])));
  });
});
