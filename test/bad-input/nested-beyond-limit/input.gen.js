/** 250 nested block mappings: the reader copes, but no Kubernetes object nests deeper than 200 levels. */
module.exports = () => {
  const lines = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: a}', '  data:'];
  for (let depth = 0; depth < 250; depth++) lines.push(`${' '.repeat(4 + 2 * depth)}k${depth}:`);
  lines.push(`${' '.repeat(4 + 2 * 250)}v`);
  return Buffer.from(`${lines.join('\n')}\n`);
};
