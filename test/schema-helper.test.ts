import { schemaProblems } from './support/k8s-schema';

describe('schema helper', () => {
  test('accepts a valid object and reports an invalid one with its path', () => {
    expect(schemaProblems({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'lms-pdb' }, spec: { minAvailable: '50%', selector: { matchLabels: { a: 'b' } } } })).toEqual([]);
    expect(schemaProblems({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' }, spec: { rules: [{ host: 5 }] } })[0]).toMatch(/spec\/rules\/0\/host must be string/);
    expect(schemaProblems({ apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'x' }, spec: { acme: { server: 'x', solvers: [] } } })[0]).toMatch(/privateKeySecretRef/);
  });

  test('refuses a kind it has no schema for', () => {
    expect(() => schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })).toThrow(/no schema/);
  });
});
