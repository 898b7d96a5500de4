/**
 * The site addresses drydock-fn reads from a Caddyfile (src/tutor/caddyfile-lexer.ts) against Caddy's
 * own reading: `caddy adapt` refuses a file exactly when two site blocks share an address.
 */
import { caddySiteBlocks, caddyTokens, duplicateCaddyAddresses, replaceCaddyEnv } from '../../src/tutor/caddyfile-lexer';
import { caddyAdaptAll, caddyMissing, describeWithReader } from '../support/readers';

const ENV = { p: ':80', default_site_port: ':80' };

/** Caddyfiles with and without a shared address, as Caddy 2.6 sees them. */
const FILES: readonly string[] = [
  'a.com {\n}\nA.com {\n}\n',
  'a.com:80 {\n}\nhttp://a.com {\n}\n',
  'a.com{$p} {\n}\na.com:80 {\n}\n',
  'a.com, b.com {\n}\nb.com {\n}\n',
  ':80 {\n}\n{$p} {\n}\n',
  'a.com {\n}\na.com/ {\n}\n',
  '"a.com" {\n}\na.com {\n}\n',
  'a.com {\n}\na.com:443 {\n}\n',
  '# a.com {\n#}\na.com {\n    respond "}{"\n}\n',
  '{\n    admin off\n}\n(snippet) {\n    respond 1\n}\na.com {\n    import snippet\n}\n(snippet2) {\n}\nb.com {\n    respond `{ }` 200\n}\n',
  'a.com,\n  b.com {\n}\nb.com {\n}\n',
  'a.com b.com {\n    route {\n        respond 1\n    }\n}\nc.com {\n}\n',
  'a.com a.com {\n}\n',
];

test('tokens, env placeholders and blocks', () => {
  expect(replaceCaddyEnv('x{$p} {$q:default} {$r}', { p: ':80' })).toBe('x:80 default {$r}');
  expect(caddyTokens('a "b c" `d` # e\n"f\\"g"').map((token) => [token.text, token.line])).toEqual([
    ['a', 1],
    ['b c', 1],
    ['d', 1],
    ['f"g', 2],
  ]);
  expect(caddySiteBlocks(FILES[9])).toEqual([
    { keys: ['a.com'], line: 7 },
    { keys: ['b.com'], line: 12 },
  ]);
  expect(caddySiteBlocks(FILES[10])).toEqual([
    { keys: ['a.com', 'b.com'], line: 1 },
    { keys: ['b.com'], line: 4 },
  ]);
});

describeWithReader(caddyMissing(), 'duplicate addresses as caddy adapt finds them', () => {
  test(`${FILES.length} Caddyfiles: drydock-fn finds a duplicate exactly where Caddy says "ambiguous site definition"`, async () => {
    const adapted = await caddyAdaptAll(FILES, ENV);
    FILES.forEach((file, index) => {
      const ambiguous = /ambiguous site definition: (\S+)/.exec(adapted[index].error ?? '');
      expect({ file, duplicates: duplicateCaddyAddresses(file, ENV) }).toEqual({ file, duplicates: ambiguous ? [ambiguous[1]] : [] });
      if (!ambiguous) expect({ file, error: adapted[index].error }).toEqual({ file, error: undefined });
    });
  });
});
