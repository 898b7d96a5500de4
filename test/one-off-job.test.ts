/**
 * `drydock-fn job`: a one-off Job from rendered manifests runs in the workload's image with its
 * environment, ConfigMaps, Secrets, volumes and service account, is bounded, and is nothing the
 * workload's Service, budget or Argo CD would take for its own. Read by the Kubernetes schema and by
 * kubectl (`kubectl create --dry-run=client`, against a discovery-only API server of the test).
 */
import { execFile } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { jobCommand } from '../src/migration/commands';
import { describeWithFixtures, readFixture } from './support/fixtures';
import { schemaProblems } from './support/k8s-schema';
import { toolMissing } from './support/orchestrators';
import { drydockConfig, find, itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

const BACKUPS = { enabled: true, storage: { service: 'aws-s3', bucket: 'openedx-backups', path: 'production', credentialsSecretName: 'backup-s3-credentials' }, mysql: { username: 'backup', passwordSecretRef: { name: 'mysql-backup-user' } } };

describeWithFixtures('drydock-fn job', () => {
  const outcome = runOnManifests(readFixture('tutor-v22', 'with-plugins', 'default', 'built.yaml'), drydockConfig({ backups: BACKUPS }));
  const rendered = itemsOf(outcome.output);
  const renderedText = rendered.map((object) => YAML.stringify(object)).join('---\n');
  const job = (args: string[]) => jobCommand(args, (name) => Buffer.from(name === 'rendered.yaml' ? renderedText : ''));
  const parsed = (args: string[]): Item => {
    const result = job(args);
    expect(result).toEqual(expect.objectContaining({ exitCode: 0, stderr: '' }));
    return YAML.parse(result.stdout) as Item;
  };

  test("from deployment/lms: the lms container's image, environment and mounts, the pod's volumes, its own labels, bounded", () => {
    const made = parsed(['--from', 'deployment/lms', 'rendered.yaml', '--', './manage.py', 'lms', 'createsuperuser', '--no-input', '--username', 'admin']);
    const lms = find(rendered, 'Deployment', 'lms')!;
    const lmsPod = lms.spec.template.spec;
    const lmsContainer = lmsPod.containers.find((container: Item) => container.name === 'lms');
    const pod = made.spec.template.spec;
    expect(made.metadata).toEqual({
      generateName: 'lms-job-',
      namespace: 'openedx',
      labels: { 'app.kubernetes.io/name': 'lms-job', 'app.kubernetes.io/component': 'one-off-job', 'app.kubernetes.io/managed-by': 'drydock-fn' },
      annotations: { 'drydock.io/job-from': 'Deployment/lms' },
    });
    expect(made.spec).toEqual(expect.objectContaining({ backoffLimit: 0, activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 86400 }));
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.volumes).toEqual(lmsPod.volumes);
    expect(pod.containers).toEqual([
      {
        name: 'lms',
        image: lmsContainer.image,
        env: lmsContainer.env,
        volumeMounts: lmsContainer.volumeMounts,
        ...(lmsContainer.securityContext ? { securityContext: lmsContainer.securityContext } : {}),
        ...(lmsContainer.resources ? { resources: lmsContainer.resources } : {}),
        command: ['./manage.py', 'lms', 'createsuperuser', '--no-input', '--username', 'admin'],
      },
    ]);
    // Nothing selects the Job's pod: not the lms Service, not a PodDisruptionBudget, not Argo CD's label tracking.
    const podLabels = made.spec.template.metadata.labels as Record<string, string>;
    for (const selecting of rendered.filter((object) => object.kind === 'Service' || object.kind === 'PodDisruptionBudget')) {
      const selector: Record<string, string> = selecting.kind === 'Service' ? selecting.spec.selector ?? {} : selecting.spec.selector?.matchLabels ?? {};
      expect({ object: selecting.metadata.name, selects: Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => podLabels[key] === value) }).toEqual({ object: selecting.metadata.name, selects: false });
    }
    expect(JSON.stringify(made)).not.toContain('app.kubernetes.io/instance');
    expect(JSON.stringify(made)).not.toContain('argocd.argoproj.io');
    expect(schemaProblems(made)).toEqual([]);
  });

  test('from cronjob/backup-mysql-cron, with a Secret of the operator: the restore runs with the backup settings', () => {
    const made = parsed(['--from=cronjob/backup-mysql-cron', '--secret-env', 'MYSQL_ROOT_PASSWORD=mysql-root-password:password', '--env', 'BACKUP_DATE=2025-01-31', '--deadline', '7200', 'rendered.yaml', '--', 'bash', '-c', 'echo restore']);
    const cron = find(rendered, 'CronJob', 'backup-mysql-cron')!;
    const cronContainer = cron.spec.jobTemplate.spec.template.spec.containers[0];
    const container = made.spec.template.spec.containers[0];
    expect(made.metadata.generateName).toBe('backup-mysql-cron-job-');
    expect(container.image).toBe(cronContainer.image);
    // A variable given again replaces the CronJob's (the dump user's password becomes root's).
    expect(cronContainer.env.map((entry: Item) => entry.name)).toContain('MYSQL_ROOT_PASSWORD');
    expect(container.env).toEqual([...cronContainer.env.filter((entry: Item) => entry.name !== 'MYSQL_ROOT_PASSWORD'), { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-root-password', key: 'password' } } }, { name: 'BACKUP_DATE', value: '2025-01-31' }]);
    expect(container.command).toEqual(['bash', '-c', 'echo restore']);
    expect(schemaProblems(made)).toEqual([]);
  });

  test('what it cannot do is said, naming what is missing', () => {
    const failures = [
      [['rendered.yaml', '--', 'true'], 2, '--from KIND/NAME is required'],
      [['--from', 'deployment/lms', 'rendered.yaml'], 2, 'give the command after "--"'],
      [['--from', 'deployment/nope', 'rendered.yaml', '--', 'true'], 1, 'no deployment/nope in the manifests'],
      [['--from', 'service/lms', 'rendered.yaml', '--', 'true'], 1, '--from expects KIND/NAME of a Deployment'],
      [['--from', 'deployment/lms', '--container', 'nope', 'rendered.yaml', '--', 'true'], 1, 'has no container nope (it has lms)'],
      [['--from', 'deployment/lms', 'rendered.yaml', '--'], 1, 'no command'],
      [['--from', 'deployment/lms', '--deadline', '0', 'rendered.yaml', '--', 'true'], 2, '--deadline expects a number of seconds'],
      [['--from', 'deployment/lms', '--secret-env', 'X=Bad_Name:key', 'rendered.yaml', '--', 'true'], 2, '--secret-env expects NAME=SECRET:KEY'],
    ] as const;
    for (const [args, exitCode, message] of failures) {
      const result = job([...args]);
      expect({ args, exitCode: result.exitCode, stdout: result.stdout, mentions: result.stderr.includes(message) }).toEqual({ args, exitCode, stdout: '', mentions: true });
    }
  });

  const kubectlMissing = toolMissing('kubectl');
  (kubectlMissing ? test.skip : test)(`kubectl create --dry-run=client takes it${kubectlMissing ? ` (skipped: ${kubectlMissing})` : ''}`, async () => {
    // kubectl maps the kind through the API server's discovery before a client dry run: this server
    // answers discovery for batch/v1 Jobs and nothing else (a create would reach no cluster).
    const discovery: Record<string, object> = {
      '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
      '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [] },
      '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'batch', versions: [{ groupVersion: 'batch/v1', version: 'v1' }], preferredVersion: { groupVersion: 'batch/v1', version: 'v1' } }] },
      '/apis/batch/v1': { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'batch/v1', resources: [{ name: 'jobs', singularName: 'job', namespaced: true, kind: 'Job', verbs: ['create', 'get', 'list'] }] },
    };
    const server = createServer((request, response) => {
      const body = discovery[(request.url ?? '').split('?')[0]];
      response.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body ?? { kind: 'Status', status: 'Failure', code: 404 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const folder = mkdtempSync(path.join(tmpdir(), 'one-off-job-'));
      const kubeconfig = path.join(folder, 'kubeconfig');
      const port = (server.address() as AddressInfo).port;
      writeFileSync(kubeconfig, YAML.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}` } }], contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }], users: [{ name: 'u', user: {} }], 'current-context': 'c' }));
      const made = job(['--from', 'deployment/cms', 'rendered.yaml', '--', './manage.py', 'cms', 'reindex_course', '--all', '--setup']).stdout;
      const jobFile = path.join(folder, 'job.yaml');
      writeFileSync(jobFile, made);
      const read = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile('kubectl', ['create', '--dry-run=client', '--validate=false', '-o', 'json', '-f', jobFile], { env: { ...process.env, KUBECONFIG: kubeconfig } }, (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect({ code: read.code, stderr: read.stderr }).toEqual({ code: 0, stderr: '' });
      // kubectl's reading of the Job is drydock-fn's.
      expect(JSON.parse(read.stdout)).toEqual(YAML.parse(made));
    } finally {
      server.close();
    }
  });
});
