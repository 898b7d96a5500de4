/**
 * The features that put Drydock's text into the patch slots of Tutor's ConfigMaps (django-settings,
 * openedx-env, uwsgi): one loop over the ConfigMaps, each feature a configuration of
 * {@link slotFeature}. The text follows the Drydock release of the manifests' Tutor line.
 */
import type { Change } from '../../krm/changes';
import type { ResourceView } from '../../krm/resource-set';
import type { Result } from '../../krm/types';
import { tutorConfigMaps } from '../../tutor/configmaps';
import type { DrydockLine } from '../../tutor/drydock-line';
import { drydockLine, drydockTextPresent } from '../../tutor/drydock-line';
import { editConfigMapSlots } from '../../tutor/slot-edits';
import type { SlotSpec } from '../../tutor/slot-edits';
import type { Feature, FeatureInput } from '../feature';
import { resultFor } from '../feature';

/** A file (data key) of a ConfigMap and its slots. */
export interface SlotFile {
  readonly key: string;
  readonly slots: readonly SlotSpec[];
}

/** The Drydock line of the run, and whether Drydock's text is part of the deployment ({@link drydockTextPresent}). */
export interface SlotRun {
  readonly line: DrydockLine;
  readonly present: boolean;
}

export interface SlotFeatureSpec {
  readonly name: string;
  /** Base names of the Tutor ConfigMaps edited, in this order. */
  readonly configMaps: readonly string[];
  /** The files to edit in each ConfigMap, with the patches the settings want; or an error, which stops the run with nothing changed. */
  readonly filesFor: (input: FeatureInput, run: SlotRun) => ((view: ResourceView) => readonly SlotFile[]) | Result;
}

/** A feature that edits the slots of its ConfigMaps, and warns of each slot missing where a patch should go. */
export function slotFeature(spec: SlotFeatureSpec): Feature {
  return {
    name: spec.name,
    // Runs when off too: it then removes the text an earlier run added.
    isEnabled: () => true,
    run(input) {
      const line = drydockLine(input.tutor.version, input.settings.drydockRelease);
      const present = drydockTextPresent(input.settings, line);
      const filesOf = spec.filesFor(input, { line, present });
      if (typeof filesOf !== 'function') return { changes: [], results: [filesOf] };
      const changes: Change[] = [];
      const results: Result[] = [];
      for (const baseName of spec.configMaps) {
        for (const view of tutorConfigMaps(input.resources, baseName)) {
          const edited = editConfigMapSlots(view, filesOf(view), line.patchesLast ? 'last' : 'first', present);
          changes.push(...edited.changes);
          results.push(...missingSlotWarnings(view, edited.missing));
        }
      }
      return { changes, results };
    },
  };
}

/**
 * A warning per slot (`<data key>:<patch name>`) that should get Drydock's text but is not in the
 * file as Tutor renders it (a modified template): the text is left out rather than put at a guess.
 */
function missingSlotWarnings(view: ResourceView, missing: readonly string[]): Result[] {
  return missing.map((mark) => {
    const [key, slot] = mark.split(':');
    return resultFor(view, 'warning', `${key} does not have Tutor's ${slot} patch slot where Drydock's text goes; that text is not added`, `data.${key}`);
  });
}
