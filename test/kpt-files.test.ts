/**
 * Under kpt, every object drydock-fn generates gets a file of its own (kpt's path and index
 * annotations), and no two objects of the output share one: several Tutor instances in one package,
 * an instance moved to another namespace, and items that already hold a path drydock-fn would choose
 * all render. Checked with kpt itself (`kpt fn render`, which refuses two resources at one path and
 * index), and in-process for the paths drydock-fn chooses.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { asItem, resourceList } from '../bench/inputs';
import { KptFiles } from '../src/krm/kpt-files';
import { runFunction } from '../src/run';
import { ROOT, cleanup, copyTree, describeWithTools, kptRender, tempDir } from './support/orchestrators';
import { drydockConfig, itemsOf } from './support/run';
import { tutorObjects } from './support/tutor-objects';

type Item = Record<string, any>;

const EXAMPLE = path.join(ROOT, 'examples', 'kpt', 'openedx');
const GENERATED_BY = 'drydock.io/generated-by';
const PATH = 'internal.config.kubernetes.io/path';
const INDEX = 'internal.config.kubernetes.io/index';

/** The example's manifests as a second Tutor instance: its own instance label, namespace and hosts. */
function secondInstance(text: string, namespace: string): string {
  return text
    .replace(/openedx-8VjOGlZQKMdRNWSdZbWMbY68/g, `${namespace}-instance`)
    .replace(/^(\s*)namespace: openedx$/gm, `$1namespace: ${namespace}`)
    .replace(/^ {2}name: openedx$/gm, `  name: ${namespace}`)
    .replace(/lms\.example\.com/g, `lms.${namespace}.example.com`)
    .replace(/studio\.example\.com/g, `studio.${namespace}.example.com`);
}

/** Every file of a package (relative path → text). */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative)).sort()) {
      const file = path.posix.join(relative, entry);
      if (statSync(path.join(dir, file)).isDirectory()) walk(file);
      else files.set(file, readFileSync(path.join(dir, file), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** The objects drydock-fn generated in a package, each with the file kpt wrote it to. */
function generatedObjects(dir: string): { file: string; object: Item }[] {
  const out: { file: string; object: Item }[] = [];
  for (const [file, text] of filesOf(dir)) {
    if (!/\.ya?ml$/.test(file)) continue;
    for (const document of YAML.parseAllDocuments(text)) {
      const object = document.toJS() as Item | null;
      if (object?.metadata?.annotations?.[GENERATED_BY] === 'drydock-fn') out.push({ file, object });
    }
  }
  return out;
}

const fileName = (object: Item): string => `${object.kind.toLowerCase()}_${object.metadata.name}.yaml`;

/** Renders and fails with kpt's own words when kpt refuses the output. */
function render(dir: string): string {
  const result = kptRender(dir);
  expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
  return result.stderr;
}

describeWithTools(['kpt'], 'generated files under kpt fn render', () => {
  test('two instances in one package: each instance\'s objects under drydock-fn/<its namespace>/, and a second render changes nothing', () => {
    const dir = tempDir();
    try {
      copyTree(EXAMPLE, dir);
      writeFileSync(path.join(dir, 'second.yaml'), secondInstance(readFileSync(path.join(EXAMPLE, 'openedx.yaml'), 'utf8'), 'second'));
      render(dir);
      const generated = generatedObjects(dir);
      const byNamespace = (namespace: string) => generated.filter(({ object }) => object.metadata.namespace === namespace);
      expect(byNamespace('openedx').length).toBeGreaterThanOrEqual(5);
      expect(byNamespace('second').map(({ object }) => `${object.kind}/${object.metadata.name}`).sort()).toEqual(byNamespace('openedx').map(({ object }) => `${object.kind}/${object.metadata.name}`).sort());
      for (const { file, object } of generated) expect(file).toBe(`drydock-fn/${object.metadata.namespace}/${fileName(object)}`);
      const files = filesOf(dir);
      render(dir);
      expect(filesOf(dir)).toEqual(files);
    } finally {
      cleanup(dir);
    }
  });

  test('an instance moved to another namespace after a first render: the objects generated in the old one go with their files, the new ones take their paths', () => {
    const dir = tempDir();
    try {
      copyTree(EXAMPLE, dir);
      render(dir);
      const before = generatedObjects(dir);
      expect(before.length).toBeGreaterThanOrEqual(5);
      const manifests = path.join(dir, 'openedx.yaml');
      writeFileSync(manifests, readFileSync(manifests, 'utf8').replace(/^(\s*)namespace: openedx$/gm, '$1namespace: newns').replace(/^ {2}name: openedx$/gm, '  name: newns'));
      const stderr = render(dir);
      expect(stderr).toContain('drydock-fn generated for the Tutor instance in namespace openedx, which the instance has left (it is in namespace newns)');
      const after = generatedObjects(dir);
      expect(after.map(({ file }) => file).sort()).toEqual(before.map(({ file }) => file).sort());
      for (const { object } of after) expect(object.metadata.namespace).toBe('newns');
      for (const [file, text] of filesOf(dir)) expect({ file, openedx: /namespace: openedx$/m.test(text) }).toEqual({ file, openedx: false });
      const files = filesOf(dir);
      render(dir);
      expect(filesOf(dir)).toEqual(files);
    } finally {
      cleanup(dir);
    }
  });

  test('an instance removed from a rendered package, then a new instance label: the generated objects left behind go with their files, none without a namespace', () => {
    const dir = tempDir();
    try {
      copyTree(EXAMPLE, dir);
      const config = path.join(dir, 'drydock.yaml');
      const withSecrets = YAML.parse(readFileSync(config, 'utf8')) as Item;
      withSecrets.spec = { ...withSecrets.spec, newRelic: { licenseKey: 'nr-licence-key-eu01' }, registryCredentials: { dockerConfigJson: '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}' } };
      writeFileSync(config, YAML.stringify(withSecrets));
      writeFileSync(path.join(dir, 'second.yaml'), secondInstance(readFileSync(path.join(EXAMPLE, 'openedx.yaml'), 'utf8'), 'second'));
      render(dir);
      const firstInstance = new Map([...filesOf(dir)].filter(([file]) => file.startsWith('drydock-fn/openedx/')));
      expect([...filesOf(dir).keys()].filter((file) => file.startsWith('drydock-fn/second/')).length).toBeGreaterThanOrEqual(5);
      rmSync(path.join(dir, 'second.yaml'));
      const stderr = render(dir);
      expect(stderr).toContain('drydock-fn generated for Tutor instance(s) second-instance');
      expect([...filesOf(dir).keys()].filter((file) => file.startsWith('drydock-fn/') && !file.startsWith('drydock-fn/openedx/'))).toEqual([]);
      for (const { file, object } of generatedObjects(dir)) expect({ file, namespace: object.metadata.namespace }).toEqual({ file, namespace: 'openedx' });
      for (const [file, text] of firstInstance) expect(readFileSync(path.join(dir, file), 'utf8')).toBe(text);
      // A new Tutor ID: the instance label of Tutor's objects changes.
      const manifests = path.join(dir, 'openedx.yaml');
      writeFileSync(manifests, readFileSync(manifests, 'utf8').replace(/openedx-8VjOGlZQKMdRNWSdZbWMbY68/g, 'openedx-NEW'));
      expect(render(dir)).toContain('drydock-fn generated for Tutor instance(s) openedx-8VjOGlZQKMdRNWSdZbWMbY68');
      const renewed = generatedObjects(dir);
      // One instance again: its objects take the files of a one-instance package, the old ones are deleted.
      expect(renewed.map(({ file }) => file).sort()).toEqual([...firstInstance.keys()].map((file) => file.replace('drydock-fn/openedx/', 'drydock-fn/')).sort());
      expect([...filesOf(dir).keys()].filter((file) => file.startsWith('drydock-fn/openedx/'))).toEqual([]);
      for (const { object } of renewed) expect(object.metadata.labels['app.kubernetes.io/instance']).toBe('openedx-NEW');
      const files = filesOf(dir);
      render(dir);
      expect(filesOf(dir)).toEqual(files);
    } finally {
      cleanup(dir);
    }
  });

  test('a second instance added to a rendered package: the first instance\'s files stay where they are', () => {
    const dir = tempDir();
    try {
      copyTree(EXAMPLE, dir);
      render(dir);
      const first = new Map([...filesOf(dir)].filter(([file]) => file.startsWith('drydock-fn/')));
      writeFileSync(path.join(dir, 'second.yaml'), secondInstance(readFileSync(path.join(EXAMPLE, 'openedx.yaml'), 'utf8'), 'second'));
      render(dir);
      const files = filesOf(dir);
      for (const [file, text] of first) expect(files.get(file)).toBe(text);
      const second = generatedObjects(dir).filter(({ object }) => object.metadata.namespace === 'second');
      expect(second.length).toBe(first.size);
      for (const { file, object } of second) expect(file).toBe(`drydock-fn/second/${fileName(object)}`);
    } finally {
      cleanup(dir);
    }
  });
});

/** Tutor's objects of the test support as another instance: its own instance label, namespace and hosts. */
function otherInstance(items: readonly Item[], instance: string, namespace: string): Item[] {
  return JSON.parse(
    JSON.stringify(items)
      .replace(/openedx-TEST/g, instance)
      .replace(/"(namespace|name)":"openedx"/g, `"$1":"${namespace}"`)
      .replace(/([a-z]+)\.example\.com/g, `$1.${namespace}.example.com`),
  ) as Item[];
}

describe('generated objects never make a Tutor instance', () => {
  const TUTOR = tutorObjects();
  const SECRETS = { newRelic: { licenseKey: 'nr-licence-key-eu01' }, registryCredentials: { dockerConfigJson: '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}' } };
  const config = drydockConfig({ ingress: { enabled: true }, ...SECRETS });
  const listOf = (items: readonly Item[]): string => resourceList(items.map((item) => asItem(YAML.stringify(item))), config);
  const generated = (item: Item): boolean => item.metadata?.annotations?.[GENERATED_BY] === 'drydock-fn';
  /** The namespace an object is deployed into (a Namespace's own name). */
  const deployedIn = (item: Item): string | undefined => (item.kind === 'Namespace' ? item.metadata.name : item.metadata?.namespace);

  test('an instance removed from a package: its generated objects are removed with an info, and nothing is generated without a namespace', () => {
    const second = otherInstance(TUTOR, 'openedx-B', 'openedx-b');
    const first = runFunction(listOf([...TUTOR, ...second]));
    expect(first.results.filter((result) => result.severity === 'error')).toEqual([]);
    const rendered = itemsOf(first.output);
    const ofSecond = rendered.filter((item) => generated(item) && deployedIn(item) === 'openedx-b');
    expect(ofSecond.map((item) => item.kind)).toEqual(expect.arrayContaining(['Secret', 'ConfigMap']));
    // The package without instance B's manifests: what kpt keeps of the first render.
    const kept = rendered.filter((item) => generated(item) || deployedIn(item) !== 'openedx-b');
    const outcome = runFunction(listOf(kept));
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
    expect(outcome.results.filter((result) => JSON.stringify(result).includes('openedx-b') && result.tags?.code !== 'GENERATED_PRUNED')).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const output = itemsOf(outcome.output);
    expect(output.filter((item) => !deployedIn(item))).toEqual([]);
    expect(output.filter((item) => deployedIn(item) === 'openedx-b')).toEqual([]);
    // Instance A as the first render left it.
    expect(output).toEqual(rendered.filter((item) => deployedIn(item) !== 'openedx-b'));
    const pruned = outcome.results.filter((result) => result.tags?.code === 'GENERATED_PRUNED');
    expect(pruned).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining('openedx-B') })]);
    expect(pruned[0].message).toContain(`in namespace openedx-b`);
    // Never a secret value in a result.
    expect(JSON.stringify(outcome.results)).not.toMatch(/nr-licence-key|dXNlcjpwYXNz/);
  });

  test('a new instance label (a new Tutor ID): the objects generated under the old one are replaced, in their files', () => {
    const first = itemsOf(runFunction(listOf(TUTOR)).output);
    const oldGenerated = first.filter(generated);
    expect(oldGenerated.length).toBeGreaterThanOrEqual(5);
    const renamed = first.map((item) => (generated(item) ? item : (JSON.parse(JSON.stringify(item).replace(/openedx-TEST/g, 'openedx-NEW')) as Item)));
    const outcome = runFunction(listOf(renamed));
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const output = itemsOf(outcome.output);
    const newGenerated = output.filter(generated);
    expect(newGenerated.map((item) => item.metadata.labels['app.kubernetes.io/instance'])).toEqual(newGenerated.map(() => 'openedx-NEW'));
    const place = (item: Item): string => `${item.kind}/${item.metadata.name} ${item.metadata.annotations[PATH]}#${item.metadata.annotations[INDEX]}`;
    expect(newGenerated.map(place).sort()).toEqual(oldGenerated.map(place).sort());
    expect(outcome.results).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'info', tags: { code: 'GENERATED_PRUNED' }, message: expect.stringContaining('openedx-TEST') })]));
  });
});

describe('the path of a generated object is one no other item of the output holds', () => {
  const TUTOR = tutorObjects();
  const config = drydockConfig({ ingress: { enabled: true } });
  const listOf = (items: readonly Item[]): string => resourceList(items.map((item) => asItem(YAML.stringify(item))), config);
  /** The kpt files (path and index) of the items that have one. */
  const pathsOf = (output: string): string[] => itemsOf(output).filter((item) => item.metadata?.annotations?.[PATH]).map((item) => `${item.metadata.annotations[PATH]}#${item.metadata.annotations[INDEX]}`);

  test('one instance: drydock-fn/<kind>_<name>.yaml, as ever', () => {
    const generated = itemsOf(runFunction(listOf(TUTOR)).output).filter((item) => item.metadata.annotations?.[GENERATED_BY]);
    expect(generated.length).toBeGreaterThan(0);
    for (const item of generated) expect([item.metadata.annotations[PATH], item.metadata.annotations[INDEX]]).toEqual([`drydock-fn/${fileName(item)}`, '0']);
  });

  test('a file the user\'s own object holds: the generated object goes to drydock-fn/<namespace>/', () => {
    const mine = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes', namespace: 'openedx', annotations: { [PATH]: 'drydock-fn/issuer_letsencrypt.yaml', [INDEX]: '0' } }, data: { a: 'b' } };
    const outcome = runFunction(listOf([...TUTOR, mine]));
    expect(outcome.exitCode).toBe(0);
    const paths = pathsOf(outcome.output);
    expect(new Set(paths).size).toBe(paths.length);
    const issuer = itemsOf(outcome.output).find((item) => item.kind === 'Issuer') as Item;
    expect(issuer.metadata.annotations[PATH]).toBe('drydock-fn/openedx/issuer_letsencrypt.yaml');
  });

  test('another instance\'s generated object in its own namespace holding the file: left as it is, and the new object takes another', () => {
    const first = itemsOf(runFunction(listOf(TUTOR)).output);
    const theirs = JSON.parse(JSON.stringify(first.find((item) => item.kind === 'Issuer'))) as Item;
    theirs.metadata.namespace = 'team-b';
    theirs.metadata.labels['app.kubernetes.io/instance'] = 'team-b';
    theirs.metadata.labels['app.kubernetes.io/managed-by'] = 'Helm';
    const outcome = runFunction(listOf([...TUTOR, theirs]));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toContain(asItem(YAML.stringify(theirs)));
    const paths = pathsOf(outcome.output);
    expect(new Set(paths).size).toBe(paths.length);
    expect(itemsOf(outcome.output).filter((item) => item.kind === 'Issuer').map((item) => item.metadata.namespace)).toEqual(['team-b', 'openedx']);
  });

  test('a namespace that is no DNS name never becomes a folder, nor a name a path: every place stays inside drydock-fn/', () => {
    const files = new KptFiles([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { [PATH]: 'drydock-fn/issuer_letsencrypt.yaml' } } }], true);
    const issuer = (namespace: string) => ({ apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'letsencrypt', namespace } });
    expect(files.claim(issuer('../../../etc'))).toEqual({ path: 'drydock-fn/issuer_letsencrypt.yaml', index: '1' });
    expect(files.claim(issuer('a/b'))).toEqual({ path: 'drydock-fn/issuer_letsencrypt.yaml', index: '2' });
    expect(files.claim(issuer('openedx'))).toEqual({ path: 'drydock-fn/openedx/issuer_letsencrypt.yaml', index: '0' });
    expect(files.claim(issuer('openedx'))).toEqual({ path: 'drydock-fn/openedx/issuer_letsencrypt.yaml', index: '1' });
    // A name with slashes (a Job named after an init task's service) stays one file name.
    expect(files.claim({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'drydock-../../../x-job-0', namespace: 'openedx' } }).path).toBe('drydock-fn/openedx/job_drydock-.._.._.._x-job-0.yaml');
    // An item's path is read as kpt resolves it.
    const held = new KptFiles([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { [PATH]: './other/../drydock-fn/issuer_letsencrypt.yaml' } } }]);
    expect(held.claim(issuer('openedx'))).toEqual({ path: 'drydock-fn/openedx/issuer_letsencrypt.yaml', index: '0' });
  });

  test('a copy of a generated object in a file of the user\'s, which no feature produces: removed with an info naming it and its file; in drydock-fn/, without a word', () => {
    const first = itemsOf(runFunction(listOf(TUTOR)).output);
    const lms = first.find((item) => item.kind === 'Ingress' && item.metadata.name === 'lms') as Item;
    const copy = (name: string, file: string): Item => ({ ...lms, metadata: { ...lms.metadata, name, annotations: { ...lms.metadata.annotations, [PATH]: file, [INDEX]: '0' } } });
    const outcome = runFunction(listOf([...TUTOR, copy('lms-copy', 'platform/ingresses.yaml'), copy('lms-old', 'drydock-fn/ingress_lms-old.yaml')]));
    expect(outcome.exitCode).toBe(0);
    const names = itemsOf(outcome.output).map((item) => item.metadata.name);
    expect(names).not.toContain('lms-copy');
    expect(names).not.toContain('lms-old');
    const pruned = outcome.results.filter((result) => result.tags?.code === 'GENERATED_PRUNED');
    expect(pruned).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringMatching(/Ingress lms-copy .*platform\/ingresses\.yaml/), resourceRef: expect.objectContaining({ kind: 'Ingress', name: 'lms-copy' }) })]);
  });

  test('the instance\'s own generated objects in a namespace it has left are removed, with an info naming them', () => {
    const first = itemsOf(runFunction(listOf(TUTOR)).output);
    const stale = first.filter((item) => item.metadata.annotations?.[GENERATED_BY]).map((item) => ({ ...item, metadata: { ...item.metadata, namespace: 'old' } }));
    const outcome = runFunction(listOf([...TUTOR, ...stale]));
    expect(outcome.exitCode).toBe(0);
    const output = itemsOf(outcome.output);
    expect(output.filter((item) => item.metadata.namespace === 'old')).toEqual([]);
    expect(output).toEqual(first);
    expect(outcome.results).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'info', tags: { code: 'GENERATED_PRUNED' }, message: expect.stringContaining('namespace old') })]),
    );
  });
});
