/** The 50 MiB ResourceList of huge-50mb with an unclosed flow sequence as its last item. */
const huge = require('../huge-50mb/input.gen.js');
module.exports = () => Buffer.concat([huge(), Buffer.from('- apiVersion: v1\n  kind: [ConfigMap\n  metadata: {name: last}\n')]);
