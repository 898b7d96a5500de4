/**
 * The container contract: a multi-stage build whose runtime image runs the bundle as nobody with an
 * exec-form entrypoint, no shell, no writes outside /tmp; and the bundle run the way kustomize and
 * kpt start containers (`--network none --user nobody`), through the docker shim.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { BUNDLE, IMAGE, ROOT, SHIM_DIR, ensureBundle } from './support/orchestrators';

interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: { keyword: string; args: string }[];
}

function stagesOf(dockerfile: string): Stage[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: match?.[1] ?? args, name: match?.[2], instructions: [] });
    } else if (stages.length > 0) stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = stagesOf(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages[stages.length - 1];
  const find = (keyword: string) => runtime.instructions.filter((instruction) => instruction.keyword === keyword);

  test('is multi-stage: the bundle is built apart from the runtime image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].instructions.some((instruction) => instruction.keyword === 'RUN' && instruction.args.includes('scripts/build.js'))).toBe(true);
  });

  test('the runtime image is distroless (no shell), runs nothing at build time, and runs as nobody', () => {
    expect(runtime.from).toMatch(/^gcr\.io\/distroless\/nodejs\$\{NODE_MAJOR\}-debian12$/);
    expect(find('RUN')).toEqual([]);
    expect(find('USER').map((instruction) => instruction.args)).toEqual(['65534:65534']);
    expect(find('WORKDIR').map((instruction) => instruction.args)).toEqual(['/tmp']);
  });

  test('the entrypoint is exec form and runs the copied bundle', () => {
    const [entrypoint] = find('ENTRYPOINT');
    const argv = JSON.parse(entrypoint.args) as string[];
    expect(argv[0]).toBe('/nodejs/bin/node');
    const copied = find('COPY').map((instruction) => instruction.args.split(/\s+/).pop());
    expect(copied).toContain(argv[1]);
    // The CLI requires the function's file from its own folder.
    expect(copied).toContain(path.join(path.dirname(argv[1]), 'drydock-fn-core.js'));
  });

  test('every stage that installs drydock-fn copies both bundled files', () => {
    for (const stage of stages.slice(1)) {
      const copied = stage.instructions.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => path.basename(instruction.args.split(/\s+/).pop() as string));
      if (copied.includes('drydock-fn.js')) expect(copied).toContain('drydock-fn-core.js');
    }
  });
});

describe('run as the orchestrators run the image', () => {
  test('docker run --rm -i --network none --user nobody … works on a ResourceList', () => {
    ensureBundle();
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: lms\n';
    const result = spawnSync(
      path.join(SHIM_DIR, 'docker'),
      ['run', '--rm', '-i', '-a', 'STDIN', '-a', 'STDOUT', '-a', 'STDERR', '--network', 'none', '--user', 'nobody', '--security-opt=no-new-privileges', '-e', 'LOG_TO_STDERR=true', IMAGE],
      { input, encoding: 'utf8', env: { ...process.env, DRYDOCK_FN_ENTRYPOINT: BUNDLE } },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(YAML.parse(result.stdout).items[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('100');
  });
});
