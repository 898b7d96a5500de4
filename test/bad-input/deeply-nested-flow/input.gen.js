/** One value nested in 100,000 flow sequences: enough to exhaust a recursive reader's stack. */
module.exports = () =>
  Buffer.from(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    x: ${'['.repeat(100000)}${']'.repeat(100000)}\n`);
