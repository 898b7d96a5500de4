/**
 * Start-up cost: the `yaml` package (about 10 ms of every cold start) is loaded only when needed
 * (src/krm/yaml-lib.ts). A run with a DrydockConfig, or a ConfigMap whose values are plain scalars
 * (`"50"`, `"yes"`, a host), reads YAML 1.1 as Tutor does without it; a value with YAML syntax (a list)
 * loads it. This file imports nothing that imports `yaml` itself.
 */
let mockYamlLoaded = false;
jest.mock('yaml', () => {
  mockYamlLoaded = true;
  return jest.requireActual('yaml');
});

import type { RunOutcome } from '../src/run';

/** A run in a fresh module registry, so that whether it loads `yaml` is its own doing. */
function freshRun(text: string): RunOutcome {
  jest.resetModules();
  mockYamlLoaded = false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runFunction } = require('../src/run') as typeof import('../src/run');
  return runFunction(text);
}

const DEPLOYMENT = `  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: lms
      namespace: openedx
      labels:
        app.kubernetes.io/name: lms
    spec:
      selector:
        matchLabels:
          app.kubernetes.io/name: lms
      template:
        metadata:
          labels:
            app.kubernetes.io/name: lms
        spec:
          containers:
            - name: lms
              image: docker.io/overhangio/openedx:22.0.0
`;

function resourceList(functionConfig: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${DEPLOYMENT}functionConfig:\n${functionConfig}`;
}

describe('the yaml package is not loaded on the common path', () => {
  test('a DrydockConfig', () => {
    const outcome = freshRun(resourceList('  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    podDisruptionBudgets:\n      lms: 50\n'));
    expect(outcome.exitCode).toBe(0);
    expect(mockYamlLoaded).toBe(false);
  });

  test('a ConfigMap of plain scalars, read as YAML 1.1 (yes is true, 050 is 40)', () => {
    const outcome = freshRun(resourceList('  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: drydock\n  data:\n    DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: "050"\n    DRYDOCK_POD_LIFECYCLE: "off"\n    DRYDOCK_INGRESS_CLASS: nginx-internal\n'));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toContain('minAvailable: 40%');
    expect(mockYamlLoaded).toBe(false);
  });

  test('a ConfigMap value with YAML syntax loads it (the check above can fail)', () => {
    freshRun(resourceList('  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: drydock\n  data:\n    DRYDOCK_INGRESS_EXTRA_HOSTS: \'["a.example.com"]\'\n'));
    expect(mockYamlLoaded).toBe(true);
  });
});
