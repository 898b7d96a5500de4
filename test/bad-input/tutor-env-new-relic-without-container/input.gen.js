/** The example Tutor env whose lms container is called uwsgi, with New Relic on (it wraps the container named lms). */
const { tutorEnv, resourceList, drydockSettings, isLms } = require('../tutor-env');
module.exports = () =>
  resourceList(
    tutorEnv().map((object) => {
      if (isLms(object)) object.spec.template.spec.containers[0].name = 'uwsgi';
      return object;
    }),
    drydockSettings({ DRYDOCK_NEWRELIC_LICENSE_KEY: 'NEWRELIC-MARKER-0123456789' }),
  );
