/** URL parts of the Celery broker URL, read back by Python's urllib (as kombu splits URLs). */
import { urlHostPortProblem, urlPathSegmentProblem, urlSchemeProblem } from '../../src/encoders/url';
import { HOSTILE_CHARACTERS } from '../support/hostile';
import { describeWithReader, pythonMissing, runPython } from '../support/readers';

const HOSTS = ['redis', 'redis:6379', 'redis.openedx.svc.cluster.local:6379', '10.0.0.1:6379', '[::1]:6379', 'my_redis:6379'];

test('plain parts pass; anything that moves a part of the URL is refused', () => {
  for (const host of HOSTS) expect(urlHostPortProblem(host)).toBeUndefined();
  for (const host of ['', 'redis/0', 'a@b', 'redis?x', 'redis#x', 'redis:port', 'red is', 'redis:6379:1']) expect(urlHostPortProblem(host)).toBeDefined();
  for (const scheme of ['redis', 'rediss', 'sentinel+ssl']) expect(urlSchemeProblem(scheme)).toBeUndefined();
  for (const scheme of ['', '1redis', 'redis://x', 'red is']) expect(urlSchemeProblem(scheme)).toBeDefined();
  expect(urlPathSegmentProblem('0')).toBeUndefined();
  for (const char of HOSTILE_CHARACTERS) if (!/^[A-Za-z0-9._~-]*$/.test(char)) expect(urlPathSegmentProblem(`0${char}`)).toBeDefined();
});

describeWithReader(pythonMissing(), 'urllib reads the accepted parts back', () => {
  test('scheme, host, port and path as composed', () => {
    const urls = HOSTS.map((host) => `redis://user:p%40ss@${host}/3`);
    const read = runPython<[string, string, string][]>('from urllib.parse import urlsplit\nresult = [[urlsplit(url).scheme, urlsplit(url).netloc.split("@")[-1], urlsplit(url).path] for url in data]', urls);
    expect(read).toEqual(HOSTS.map((host) => ['redis', host, '/3']));
  });
});
