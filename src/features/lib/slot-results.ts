/** Results of the features that edit Tutor's text files. */
import type { ResourceView } from '../../krm/resource-set';
import type { Result } from '../../krm/types';
import { resultFor } from '../feature';

/**
 * A warning per slot (`<data key>:<patch name>`) that should get Drydock's text but is not in the
 * file as Tutor renders it (a modified template): the text is left out rather than put at a guess.
 */
export function missingSlotWarnings(view: ResourceView, missing: readonly string[]): Result[] {
  return missing.map((mark) => {
    const [key, slot] = mark.split(':');
    return resultFor(view, 'warning', `${key} does not have Tutor's ${slot} patch slot where Drydock's text goes; that text is not added`, `data.${key}`);
  });
}
