/**
 * The text reader's first stage: the input cut into top-level sections and the items into slices, by
 * byte offsets (block-style YAML, as kustomize and kpt write it; nothing of the items is decoded here
 * but their headers). It gives up (undefined) whenever the text is not exactly what it expects, so
 * correctness never depends on it. CRLF line breaks are read as LF; the layout and the items keep the
 * input's own bytes for writing (see line-endings.ts).
 */
import * as jsyaml from 'js-yaml';
import { GO_YAML_JS_SCHEMA } from '../go-yaml-scalars';
import { lfBytes, lineEndingIn } from '../line-endings';
import { HASH, NEWLINE, SPACE, TAB, isDashAt } from '../text-scan';
import { hasLineSeparators, readLineSeparatorsAsYaml11 } from '../yaml11';
import { documentValue, parseYamlDocument } from '../yaml-options';
import { checkHeader, normaliseFunctionConfig } from './item-problems';
import { utf8 } from './parsed';
import type { InputItem, ParsedResourceList, Section } from './parsed';
import { mayReadKeysOtherwise, usesAnchorsOrTags } from './slice-readers';
import { readTextItem } from './text-item';

/**
 * The header's (the ResourceList's fields but items) alias limit, as `yaml`'s maxAliasCount counts it
 * (an anchor's node and its aliases: 99 aliases of one anchor); past it, the document reader reads the input.
 */
const HEADER_MAX_ALIAS_COUNT = 100;

const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?:[ \t]+(.*))?$/;

interface SectionRange {
  key: string | null;
  start: number;
  end: number;
  rest: string;
}

/**
 * Cuts the input into top-level sections and the items into slices, by byte offsets (nothing of the
 * items is decoded here but their headers), and reads each item's header. Undefined whenever the text
 * is not block YAML of the expected shape. CRLF line breaks are read as LF; the layout and the items
 * keep the input's own bytes for writing.
 */
export function readTextLayout(input: Buffer): ParsedResourceList | undefined {
  const lf = lfBytes(input);
  if (!lf) return undefined;
  const bytes = lf.bytes;
  /** The input's text of bytes[start, end). */
  const inputText = (start: number, end: number): string => utf8(input, lf.original(start), lf.original(end));
  const length = bytes.length;
  const sections: SectionRange[] = [];
  let current: SectionRange = { key: null, start: 0, end: 0, rest: '' };
  let itemsOpen = false;
  let dashIndent = -1;
  const itemStarts: number[] = [];
  for (let lineStart = 0; lineStart < length; ) {
    const newline = bytes.indexOf(NEWLINE, lineStart);
    const lineEnd = newline < 0 ? length : newline;
    const next = newline < 0 ? length : newline + 1;
    let at = lineStart;
    while (at < lineEnd && bytes[at] === SPACE) at++;
    let firstCode = at < lineEnd ? bytes[at] : -1;
    if (firstCode === TAB) {
      // A tab after the indentation: blank or comment line, or content (block scalars hold tabs; at the
      // line start, content is no top-level key and the key pattern below gives up).
      let tabs = at;
      while (tabs < lineEnd && (bytes[tabs] === TAB || bytes[tabs] === SPACE)) tabs++;
      if (tabs >= lineEnd || bytes[tabs] === HASH) firstCode = -1;
    }
    if (firstCode === -1 || firstCode === HASH) {
      lineStart = next;
      continue;
    }
    const indent = at - lineStart;
    const isDash = isDashAt(bytes, at);
    if (indent > 0) {
      if (current.key === null) return undefined;
      if (itemsOpen) {
        if (dashIndent < 0) {
          if (!isDash) return undefined;
          dashIndent = indent;
        } else if (indent < dashIndent) return undefined;
        if (indent === dashIndent && isDash) itemStarts.push(lineStart);
      }
      lineStart = next;
      continue;
    }
    if (itemsOpen && isDash) {
      if (dashIndent < 0) dashIndent = 0;
      else if (dashIndent !== 0) return undefined;
      itemStarts.push(lineStart);
      lineStart = next;
      continue;
    }
    // A block sequence at column 0 under another top-level key (`results:` of an earlier run) belongs to that section.
    if (!itemsOpen && current.key !== null && isDash) {
      lineStart = next;
      continue;
    }
    const content = utf8(bytes, lineStart, lineEnd);
    if (content === '---' && current.key === null) {
      lineStart = next;
      continue;
    }
    const match = TOP_LEVEL_KEY.exec(content);
    if (!match) return undefined;
    current.end = lineStart;
    if (current.end > current.start) sections.push(current); // a keyed section holds its key line at least
    current = { key: match[1], start: lineStart, end: length, rest: match[2] ?? '' };
    itemsOpen = current.key === 'items';
    if (itemsOpen && !/^(\[\])?\s*(#.*)?$/.test(current.rest)) return undefined;
    lineStart = next;
  }
  current.end = length;
  sections.push(current);

  // Duplicate keys: let the full reader report them (the keyless section, null, is only ever the first).
  const keys = sections.map((section) => section.key);
  if (new Set(keys).size !== keys.length) return undefined;
  const itemsSection = sections.findIndex((section) => section.key === 'items');
  if (itemsSection < 0) return undefined;
  const items = sections[itemsSection];
  const emptyFlow = items.rest.startsWith('[]');
  if (emptyFlow && dashIndent >= 0) return undefined;

  // Header fields (apiVersion, kind, functionConfig, an earlier run's results): small, parsed with the
  // full reader, so that what the document reader refuses (a duplicate key in results) is refused here.
  const headerText = sections
    .filter((_section, index) => index !== itemsSection)
    .map((section) => utf8(bytes, section.start, section.end))
    .join('');
  let header: unknown;
  try {
    // js-yaml when it reads it as `yaml` would (it is already loaded; `yaml` costs its start-up).
    const lineSeparators = hasLineSeparators(headerText);
    if (lineSeparators || usesAnchorsOrTags(headerText) || mayReadKeysOtherwise(headerText)) {
      const doc = parseYamlDocument(headerText);
      if (doc.errors.length > 0) return undefined;
      if (lineSeparators) readLineSeparatorsAsYaml11([doc], headerText);
      header = documentValue(doc, HEADER_MAX_ALIAS_COUNT);
    } else header = jsyaml.load(headerText, { schema: GO_YAML_JS_SCHEMA });
  } catch {
    return undefined;
  }
  // A mapping, or nothing: its text is the top-level `key:` lines, after comments and a `---` alone.
  const headerObject = (header ?? {}) as Record<string, unknown>;

  // Item slices: from the dashes met while the items section was open (after its key line, before the next key).
  const headerNewline = bytes.indexOf(NEWLINE, items.start);
  const itemsHeaderEnd = Math.min(headerNewline < 0 ? length : headerNewline + 1, items.end);
  const leadEnd = itemStarts.length > 0 ? itemStarts[0] : items.end;
  const parsedItems: InputItem[] = [];
  const lineEnding = lineEndingIn(input, lf.original(items.start), lf.original(itemsHeaderEnd)) ?? lineEndingIn(input) ?? '\n';
  for (let index = 0; index < itemStarts.length; index++) {
    const item = readTextItem(bytes, itemStarts[index], index + 1 < itemStarts.length ? itemStarts[index + 1] : items.end, dashIndent, index, { input, lf, lineEnding });
    if (!item) return undefined;
    parsedItems.push(item);
  }
  const apiVersion = checkHeader(headerObject);
  const layoutSections: Section[] = sections.map((section, index) => ({ key: section.key, text: index === itemsSection ? '' : inputText(section.start, section.end) }));
  return {
    bytes: input,
    apiVersion,
    items: parsedItems,
    functionConfig: normaliseFunctionConfig(headerObject.functionConfig),
    lineEnding,
    layout: {
      kind: 'text',
      sections: layoutSections,
      itemsSection,
      itemsHeader: inputText(items.start, itemsHeaderEnd),
      itemsLead: inputText(itemsHeaderEnd, leadEnd),
      dashIndent: dashIndent < 0 ? 0 : dashIndent,
    },
  };
}
