/** A ResourceList of ConfigMaps, each with a 1,000-character value, until it holds 50 MiB. */
module.exports = () => {
  const parts = ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'];
  const value = 'x'.repeat(1000);
  let size = parts[0].length;
  for (let i = 0; size < 50 * 1024 * 1024; i++) {
    const item = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-${i}\n  data:\n    key: ${value}\n`;
    parts.push(item);
    size += item.length;
  }
  return Buffer.from(parts.join(''));
};
