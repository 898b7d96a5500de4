/**
 * Editing the patch slots of one Tutor ConfigMap: every slot Drydock uses in each of its files, with
 * the record of empty patches joined by an earlier run kept on the ConfigMap (an annotation, which
 * kustomize's hash ignores), so that repeated runs change nothing.
 */
import { remove, set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { ResourceView } from '../krm/resource-set';
import { dataText } from './configmaps';
import { editSlot } from './patch-slots';
import type { SlotLocation, SlotPosition } from './patch-slots';

/** Lists `<data key>:<slot>` of the slots where an empty Drydock patch is joined. */
export const EMPTY_PATCHES_ANNOTATION = 'drydock.io/empty-patches';

/** One slot of a file and what it should hold. */
export interface SlotSpec {
  /** Tutor's patch name: caddyfile-lms, openedx-common-settings … */
  readonly name: string;
  readonly locate: (text: string) => SlotLocation | undefined;
  readonly desired: string;
  readonly recognizer: RegExp;
  /** An earlier patch may stand anywhere among the slot's joined patches (see {@link SlotEdit}). */
  readonly anywhere?: boolean;
}

export interface SlotEditsOutcome {
  readonly changes: Change[];
  /** Slots that should get a patch but are not in the file (`<data key>:<slot>`). */
  readonly missing: string[];
}

/**
 * Applies the slots of every file (data key) of one ConfigMap, in order. `present`: Drydock is part
 * of the deployment, so its empty patches join too (see {@link editSlot}).
 */
export function editConfigMapSlots(
  view: ResourceView,
  files: readonly { readonly key: string; readonly slots: readonly SlotSpec[] }[],
  position: SlotPosition,
  present: boolean,
): SlotEditsOutcome {
  const annotation = view.object.metadata.annotations?.[EMPTY_PATCHES_ANNOTATION];
  const marks = new Set((annotation ?? '').split(',').filter((mark) => mark !== ''));
  const before = [...marks].sort().join(',');
  const changes: Change[] = [];
  const missing: string[] = [];
  for (const file of files) {
    const original = dataText(view, file.key);
    if (original === undefined) continue;
    let text = original;
    for (const slot of file.slots) {
      const mark = `${file.key}:${slot.name}`;
      const location = slot.locate(text);
      if (!location) {
        if (slot.desired !== '') missing.push(mark);
        continue;
      }
      const edited = editSlot(text, location, { desired: slot.desired, recognizer: slot.recognizer, position, present, joinedEmpty: marks.has(mark), anywhere: slot.anywhere });
      text = edited.text;
      if (edited.joinedEmpty) marks.add(mark);
      else marks.delete(mark);
    }
    if (text !== original) changes.push(set(view.handle, ['data', file.key], text));
  }
  const after = [...marks].sort().join(',');
  if (after !== before) changes.push(after === '' ? remove(view.handle, ['metadata', 'annotations', EMPTY_PATCHES_ANNOTATION]) : set(view.handle, ['metadata', 'annotations', EMPTY_PATCHES_ANNOTATION], after));
  return { changes, missing };
}
