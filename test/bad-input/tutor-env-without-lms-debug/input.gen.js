/** The example Tutor env without its lms Deployment, with the debug pods (copies of the lms Deployment) on. */
const { tutorEnv, resourceList, drydockSettings, isLms } = require('../tutor-env');
module.exports = () => resourceList(tutorEnv().filter((object) => !isLms(object)), drydockSettings({ DRYDOCK_DEBUG: 'true' }));
