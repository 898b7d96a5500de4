/** The example Tutor env without the caddy-config ConfigMap (and the caddy Deployment that mounts it), default settings. */
const { tutorEnv, resourceList } = require('../tutor-env');
module.exports = () => resourceList(tutorEnv().filter((object) => !(object.kind === 'ConfigMap' && object.metadata.name.startsWith('caddy-config')) && !(object.kind === 'Deployment' && object.metadata.name === 'caddy')));
