/**
 * Helpers for the generated cases: the bundled example Tutor env (examples/kpt/openedx/openedx.yaml,
 * Tutor 20, built), edited, as a ResourceList.
 */
const { readFileSync } = require('fs');
const path = require('path');
const YAML = require('yaml');

/** The objects of the example Tutor env. */
function tutorEnv() {
  const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8');
  return YAML.parseAllDocuments(text).map((doc) => doc.toJS()).filter(Boolean);
}

/** A ResourceList of the objects, with a functionConfig when given. */
function resourceList(objects, functionConfig) {
  return Buffer.from(YAML.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objects, ...(functionConfig ? { functionConfig } : {}) }, { lineWidth: 0 }));
}

/** A ConfigMap of DRYDOCK_* settings. */
function drydockSettings(data) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data };
}

const isLms = (object) => object.kind === 'Deployment' && object.metadata.name === 'lms';

module.exports = { tutorEnv, resourceList, drydockSettings, isLms };
