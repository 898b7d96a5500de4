/**
 * The features, in the order they run. Generators come before the features that decorate every
 * object (pull secrets), and sync waves come last so they see everything.
 */
import type { Feature } from './features/feature';
import { syncWaves } from './features/sync-waves';
import { tutorJobs } from './features/tutor-jobs';

export const PIPELINE: readonly Feature[] = [
  tutorJobs, // Tutor's job templates become Skip hooks (§3.2)
  syncWaves, // Argo CD sync waves over everything (§3.5)
];
