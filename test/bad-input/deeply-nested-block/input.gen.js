/** 3,000 nested block mappings, each indented two more columns than its parent. */
module.exports = () => {
  const lines = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: a}', '  data:'];
  for (let depth = 0; depth < 3000; depth++) lines.push(`${' '.repeat(4 + 2 * depth)}k${depth}:`);
  lines.push(`${' '.repeat(4 + 2 * 3000)}v`);
  return Buffer.from(`${lines.join('\n')}\n`);
};
