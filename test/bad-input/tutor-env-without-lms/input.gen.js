/** The example Tutor env without its lms Deployment, default settings. */
const { tutorEnv, resourceList, isLms } = require('../tutor-env');
module.exports = () => resourceList(tutorEnv().filter((object) => !isLms(object)));
