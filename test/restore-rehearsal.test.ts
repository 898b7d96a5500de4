/**
 * A rehearsal of docs/operations/backups.md › Restoring, steps 1 and 3, as written, against the
 * rendered manifests: a stand-in kubectl holds the cluster's state (the Deployments of the rendered
 * manifests, replicas as the API server defaults them, one scaled up as an autoscaler would; the
 * backup CronJobs; the Argo CD project's sync windows) and the page's commands must leave it as it
 * was, the replica counts restored, with syncing held between the steps.
 */
import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { docBlocks, readPage } from './support/doc-blocks';
import { describeWithFixtures, readFixture } from './support/fixtures';
import { drydockConfig, itemsOf, runOnManifests } from './support/run';

const ROOT = path.resolve(__dirname, '..');

/** kubectl for the rehearsal: the few commands of the page, on a JSON state file. */
const STAND_IN_KUBECTL = `#!/usr/bin/env node
const fs = require('fs');
const file = process.env.REHEARSAL_STATE;
const state = JSON.parse(fs.readFileSync(file, 'utf8'));
const args = process.argv.slice(2).filter((arg, i, all) => arg !== '-n' && all[i - 1] !== '-n');
const [verb, kind, ...rest] = args;
const VALUED = ['-o', '-p', '--type'];
const names = rest.filter((arg, i) => !arg.startsWith('-') && !VALUED.includes(rest[i - 1]));
const value = (flag) => { const i = rest.indexOf(flag); return i >= 0 ? rest[i + 1] : (rest.find((arg) => arg.startsWith(flag + '=')) || '').slice(flag.length + 1); };
const fail = (message) => { process.stderr.write(message + '\\n'); process.exit(1); };
if (verb === 'get' && kind === 'deployment') {
  if (!rest.includes('--no-headers') || !/^custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas$/.test(value('-o'))) fail('unexpected get: ' + rest.join(' '));
  for (const name of names) { if (!(name in state.replicas)) fail('deployment ' + name + ' not found'); process.stdout.write(name + '   ' + state.replicas[name] + '\\n'); }
} else if (verb === 'scale' && kind === 'deployment') {
  const count = value('--replicas');
  if (!/^\\d+$/.test(count)) fail('bad --replicas ' + count);
  for (const name of names) { if (!(name in state.replicas)) fail('deployment ' + name + ' not found'); state.replicas[name] = Number(count); }
} else if (verb === 'patch' && kind === 'cronjob') {
  const patch = JSON.parse(value('-p'));
  state.suspended[names[0]] = patch.spec.suspend;
} else if (verb === 'patch' && kind === 'appproject') {
  if (value('--type') !== 'json') fail('appproject patch must be a JSON patch');
  for (const op of JSON.parse(value('-p'))) {
    if (op.op === 'add' && op.path === '/spec/syncWindows/-') { if (!state.windows) fail('no syncWindows list'); state.windows.push(op.value); }
    else if (op.op === 'add' && op.path === '/spec/syncWindows') state.windows = op.value;
    else if (op.op === 'remove' && /^\\/spec\\/syncWindows\\/\\d+$/.test(op.path)) state.windows.splice(Number(op.path.split('/').pop()), 1);
    else fail('unexpected patch ' + JSON.stringify(op));
  }
} else fail('the rehearsal does not know: kubectl ' + process.argv.slice(2).join(' '));
fs.writeFileSync(file, JSON.stringify(state));
`;

describeWithFixtures('restore rehearsal (docs/operations/backups.md)', () => {
  test('steps 1 and 3 as written: the apps stopped and syncing held in between, then everything as it was', () => {
    const blocks = docBlocks('docs/operations/backups.md', readPage(ROOT, 'docs/operations/backups.md')).filter((block) => block.flags.has('run') && block.body.includes('replicas.txt'));
    expect(blocks.length).toBe(2);
    const rendered = itemsOf(runOnManifests(readFixture('tutor-v22', 'with-plugins', 'default', 'built.yaml'), drydockConfig({ backups: { enabled: true, storage: { service: 'aws-s3', bucket: 'b', credentialsSecretName: 'c' } } })).output);
    const deployments = rendered.filter((object) => object.kind === 'Deployment');
    // As the API server has them: Tutor sets no spec.replicas (defaulted to 1); an autoscaler made lms 3.
    const before: Record<string, number> = Object.fromEntries(deployments.map((deployment) => [deployment.metadata.name, deployment.spec.replicas ?? 1]));
    expect(deployments.find((deployment) => deployment.metadata.name === 'lms')?.spec.replicas).toBeUndefined();
    before.lms = 3;
    const folder = mkdtempSync(path.join(tmpdir(), 'restore-rehearsal-'));
    const stateFile = path.join(folder, 'state.json');
    writeFileSync(stateFile, JSON.stringify({ replicas: before, suspended: {}, windows: [] }));
    const kubectl = path.join(folder, 'kubectl');
    writeFileSync(kubectl, STAND_IN_KUBECTL);
    chmodSync(kubectl, 0o755);
    const run = (body: string) => spawnSync('bash', ['-euo', 'pipefail', '-c', body], { cwd: folder, encoding: 'utf8', env: { ...process.env, PATH: `${folder}:${process.env.PATH}`, REHEARSAL_STATE: stateFile } });
    const state = () => JSON.parse(readFileSync(stateFile, 'utf8'));

    const stop = run(blocks[0].body);
    expect({ status: stop.status, stderr: stop.stderr }).toEqual({ status: 0, stderr: '' });
    const during = state();
    for (const name of ['lms', 'cms', 'lms-worker', 'cms-worker']) expect({ name, replicas: during.replicas[name] }).toEqual({ name, replicas: 0 });
    expect(during.suspended).toEqual({ 'backup-mysql-cron': true, 'backup-mongo-cron': true });
    expect(during.windows).toEqual([{ kind: 'deny', schedule: '* * * * *', duration: '24h', applications: ['openedx-production'], manualSync: false }]);

    const start = run(blocks[1].body);
    expect({ status: start.status, stderr: start.stderr }).toEqual({ status: 0, stderr: '' });
    const after = state();
    expect(after.replicas).toEqual(before);
    expect(after.suspended).toEqual({ 'backup-mysql-cron': false, 'backup-mongo-cron': false });
    expect(after.windows).toEqual([]);
  });
});
