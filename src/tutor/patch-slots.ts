/**
 * Tutor's patch slots in rendered files. Tutor renders `{{ patch("name") }}` by joining every plugin's
 * rendered patch with "\n" (each with its last newline dropped, as Jinja drops a template's final
 * newline), optionally through `|indent(n)`. Drydock's text edits are such patches. To give a
 * ConfigMap exactly the content (and so the kustomize hash) it has with Drydock, drydock-fn finds the
 * slot in the rendered file, reads what other plugins put there, and splices Drydock's patch in at
 * the place Tutor would have: first (Drydock ≤ 18, default priority, "drydock" sorting before most
 * plugins) or last (Drydock 19+, low priority).
 *
 * Everything here is plain string work on one file's text; nothing is parsed as YAML.
 */

/** Where a slot's rendered content lies: `text.slice(start, end)`, indented by `indent` spaces. */
export interface SlotLocation {
  readonly start: number;
  readonly end: number;
  /** Width of Jinja's `indent` filter applied to the slot (0: none). */
  readonly indent: number;
}

export type SlotPosition = 'first' | 'last';

/** The slot's content as the joined patches were before `indent`. */
export function readSlot(text: string, slot: SlotLocation): string {
  const rendered = text.slice(slot.start, slot.end);
  if (slot.indent === 0) return rendered;
  const margin = ' '.repeat(slot.indent);
  return rendered
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(margin) ? line.slice(margin.length) : line))
    .join('\n');
}

/** `text` with the slot's content replaced by `content`, indented as Tutor's template does. */
export function writeSlot(text: string, slot: SlotLocation, content: string): string {
  return text.slice(0, slot.start) + jinjaIndent(content, slot.indent) + text.slice(slot.end);
}

/**
 * Jinja's `indent(width)` filter (first=False, blank=False): every line but the first gets the margin,
 * blank lines stay empty, and a trailing newline is kept.
 */
export function jinjaIndent(text: string, width: number): string {
  if (width === 0 || text === '') return text;
  const margin = ' '.repeat(width);
  return text
    .split('\n')
    .map((line, index) => (index === 0 || line === '' ? line : margin + line))
    .join('\n');
}

/** The slot content with `patch` joined in at `position`, as Tutor joins patches. */
export function joinPatch(content: string, patch: string, position: SlotPosition): string {
  if (patch === '') return content;
  if (content === '') return patch;
  return position === 'first' ? `${patch}\n${content}` : `${content}\n${patch}`;
}

/**
 * The text of an earlier patch at `position` that `recognizer` matches (a drydock-fn or Drydock edit
 * with other settings), or undefined. The match must be the whole first (last) joined patch.
 */
export function findPatch(content: string, recognizer: RegExp, position: SlotPosition): string | undefined {
  const source = recognizer.source;
  const anchored = position === 'first' ? new RegExp(`^(?:${source})(?=\\n|$)`) : new RegExp(`(?:^|(?<=\\n))(?:${source})$`);
  const match = anchored.exec(content);
  return match && match[0] !== '' ? match[0] : undefined;
}

/**
 * Where an earlier patch stands when it is not at its position (another plugin's patch was joined
 * after it, or before it): the first text the recognizer matches whole as one of the joined patches,
 * from the start of the content or of a line to the end of the content or a joining newline.
 */
export function findPatchAnywhere(content: string, recognizer: RegExp): { start: number; end: number } | undefined {
  // An empty match (a blank line where the recognizer's optional parts all match nothing) is no patch: look on.
  for (const match of content.matchAll(new RegExp(`(?:^|(?<=\\n))(?:${recognizer.source})(?=\\n|$)`, 'g'))) {
    if (match[0] !== '') return { start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

/** The slot content without `patch` at `position` (and its joining newline); undefined when not there. */
export function removePatch(content: string, patch: string, position: SlotPosition): string | undefined {
  if (content === patch) return '';
  if (position === 'first' && content.startsWith(`${patch}\n`)) return content.slice(patch.length + 1);
  if (position === 'last' && content.endsWith(`\n${patch}`)) return content.slice(0, content.length - patch.length - 1);
  return undefined;
}

/** What one edit of a slot should leave there. */
export interface SlotEdit {
  /** The patch (empty: none). */
  readonly desired: string;
  /** Matches any earlier patch of the same origin (other settings, or Drydock's own text). */
  readonly recognizer: RegExp;
  readonly position: SlotPosition;
  /**
   * Drydock is part of the deployment: its patch joins the slot even when it renders empty (Tutor
   * joins every plugin's patch, so an empty one still adds the joining newline next to other
   * plugins' text).
   */
  readonly present: boolean;
  /** An earlier run joined an empty patch here (recorded on the ConfigMap, as text cannot tell). */
  readonly joinedEmpty: boolean;
  /**
   * An earlier patch may stand anywhere among the joined patches (the other plugins' order is not
   * Drydock's): it is then replaced where it stands, or removed with one joining newline.
   */
  readonly anywhere?: boolean;
}

/**
 * Puts `desired` in the slot in place of any earlier patch the recognizer matches (or of an empty
 * patch an earlier run joined); an empty `desired` removes it, or joins an empty patch when Drydock
 * is present. Returns the new text (equal to `text` when nothing changes) and whether an empty patch
 * is now joined.
 */
export function editSlot(text: string, slot: SlotLocation, edit: SlotEdit): { text: string; joinedEmpty: boolean } {
  const content = readSlot(text, slot);
  let rest: string;
  if (edit.joinedEmpty) {
    rest = removePatch(content, '', edit.position) ?? content;
  } else {
    const inPlace = edit.desired !== '' && removePatch(content, edit.desired, edit.position) !== undefined;
    const recognized = findPatch(content, edit.recognizer, edit.position);
    // An earlier patch that holds more than the desired one (a group switched off since) is replaced whole.
    const earlier = inPlace && (recognized === undefined || recognized.length <= edit.desired.length) ? edit.desired : recognized;
    const elsewhere = earlier === undefined && edit.anywhere ? findPatchAnywhere(content, edit.recognizer) : undefined;
    if (elsewhere) {
      const edited =
        edit.desired !== ''
          ? content.slice(0, elsewhere.start) + edit.desired + content.slice(elsewhere.end)
          : elsewhere.end < content.length
            ? content.slice(0, elsewhere.start) + content.slice(elsewhere.end + 1)
            : content.slice(0, Math.max(0, elsewhere.start - 1));
      return { text: edited === content ? text : writeSlot(text, slot, edited), joinedEmpty: false };
    }
    rest = earlier === undefined ? content : removePatch(content, earlier, edit.position) ?? content;
  }
  let edited = joinPatch(rest, edit.desired, edit.position);
  const joinedEmpty = edit.desired === '' && edit.present && rest !== '';
  if (joinedEmpty) edited = edit.position === 'last' ? `${rest}\n` : `\n${rest}`;
  return { text: edited === content ? text : writeSlot(text, slot, edited), joinedEmpty };
}

/** End of the first occurrence of any of `anchors` that ends last (the last block Tutor's template wrote). */
export function endOfLastAnchor(text: string, anchors: readonly string[], before = text.length): number | undefined {
  let best: number | undefined;
  for (const anchor of anchors) {
    const at = text.indexOf(anchor);
    if (at < 0 || at + anchor.length > before) continue;
    const end = at + anchor.length;
    if (best === undefined || end > best) best = end;
  }
  return best;
}
