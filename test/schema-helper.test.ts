import { schemaProblems } from './support/k8s-schema';

describe('schema helper', () => {
  test('accepts a valid object and reports an invalid one with its path', () => {
    expect(schemaProblems({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'lms-pdb' }, spec: { minAvailable: '50%', selector: { matchLabels: { a: 'b' } } } })).toEqual([]);
    expect(schemaProblems({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' }, spec: { rules: [{ host: 5 }] } })[0]).toMatch(/spec\/rules\/0\/host must be string/);
    expect(schemaProblems({ apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'x' }, spec: { acme: { server: 'x', solvers: [] } } })[0]).toMatch(/privateKeySecretRef/);
  });

  test('is strict: a field the schema does not have is reported with its path, as kubeconform -strict and kubectl do', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', labels: { any: 'label' } }, spec: { selector: {}, template: { spec: { containers: [{ name: 'a', image: 'b', ttlSecondsAfterFinish: 5 }] } } } };
    expect(schemaProblems(deployment)).toEqual(['Deployment x: spec.template.spec.containers[0].ttlSecondsAfterFinish: unknown field']);
    expect(schemaProblems({ apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'x' }, spec: { acme: { server: 'x', privateKeySecretRef: { name: 'k' }, solvers: [{ http01: { ingress: { class: 'nginx', wrong: 1 } } }] } } })).toEqual([
      'Issuer x: spec.acme.solvers[0].http01.ingress.wrong: unknown field',
    ]);
  });

  test('refuses a kind it has no schema for', () => {
    expect(() => schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })).toThrow(/no schema/);
  });
});
