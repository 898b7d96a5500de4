/** A ConfigMap of 100,000 keys with one anchor (so the `yaml` package reads it) and its first key again at the end. */
module.exports = () => {
  const lines = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: many-keys', '  data:', '    anchored: &a v'];
  for (let i = 0; i < 100000; i++) lines.push(`    k${i}: v`);
  lines.push('    anchored: *a');
  return Buffer.from(`${lines.join('\n')}\n`);
};
