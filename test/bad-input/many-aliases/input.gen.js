/** A ConfigMap of 20,000 anchored values and 20,000 aliases to them: more aliases than one document may hold. */
module.exports = () => {
  const lines = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: many-aliases', '  data:'];
  for (let i = 0; i < 20000; i++) lines.push(`    a${i}: &x${i} v${i}`);
  for (let i = 0; i < 20000; i++) lines.push(`    b${i}: *x${i}`);
  return Buffer.from(`${lines.join('\n')}\n`);
};
