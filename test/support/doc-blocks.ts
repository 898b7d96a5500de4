/**
 * The fenced blocks of the Markdown documentation, and what their info strings ask the docs test to
 * do with them (docs/operations/README.md, "How these pages are tested"):
 *
 *   ```sh run                     run it (bash -euo pipefail) in the page's workspace; exit 0 expected
 *   ```sh run needs=tutor,cluster  the same, when the tools are there (else skipped, the reason printed)
 *   ```sh run skip="why"           not run, for the reason given (printed)
 *   ```sh run cwd=repo             run in the repository instead of the workspace
 *   ```text output                 the stdout of the run block before it (a line "..." matches any lines)
 *   ```yaml file=PATH              written to PATH in the workspace before the blocks after it run
 *   ```yaml file=PATH same-as=F    … and equal to the repository's file F
 *   ```yaml fragment               a part of a file, shown to explain: must be valid YAML
 *   ```yaml … invalid              a config with a mistake on purpose: must fail to decode
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

export interface DocBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly flags: ReadonlySet<string>;
  readonly attributes: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Splits an info string into words, keeping quoted values (`skip="a reason"`) whole. */
function words(info: string): string[] {
  return info.match(/[^\s"]+(?:"[^"]*")?|"[^"]*"/g) ?? [];
}

/** Every fenced block of a Markdown text (``` fences; nested fences are not used in these docs). */
export function docBlocks(file: string, text: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [lang = '', ...rest] = words(open[2].trim());
    const flags = new Set<string>();
    const attributes: Record<string, string> = {};
    for (const word of rest) {
      const equals = word.indexOf('=');
      if (equals === -1) flags.add(word);
      else attributes[word.slice(0, equals)] = word.slice(equals + 1).replace(/^"(.*)"$/, '$1');
    }
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^${open[1]}\`\`\`\\s*$`).test(lines[j])) body.push(lines[j++].slice(open[1].length));
    blocks.push({ file, line: i + 1, lang, flags, attributes, body: body.length > 0 ? `${body.join('\n')}\n` : '' });
    i = j;
  }
  return blocks;
}

/** The page-level directives: `<!-- docs-test: key=value … -->`. */
export function pageDirectives(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/<!--\s*docs-test:([^>]*)-->/g)) {
    for (const word of words(match[1].trim())) {
      const equals = word.indexOf('=');
      if (equals > 0) out[word.slice(0, equals)] = word.slice(equals + 1).replace(/^"(.*)"$/, '$1');
    }
  }
  return out;
}

/** The documentation pages: README.md, CHANGELOG.md and every Markdown file under docs/, relative to `root`. */
export function docPages(root: string): string[] {
  const pages = ['README.md', 'CHANGELOG.md'].filter((name) => {
    try {
      return statSync(path.join(root, name)).isFile();
    } catch {
      return false;
    }
  });
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir)).sort()) {
      const relative = path.join(dir, entry);
      if (statSync(path.join(root, relative)).isDirectory()) walk(relative);
      else if (entry.endsWith('.md')) pages.push(relative);
    }
  };
  walk('docs');
  return pages;
}

export function readPage(root: string, page: string): string {
  return readFileSync(path.join(root, page), 'utf8');
}

/** True when `actual` matches `expected`, whose lines "..." stand for any number of lines. */
export function matchesOutput(actual: string, expected: string): boolean {
  const want = expected.replace(/\n$/, '').split('\n');
  const have = actual.replace(/\n$/, '').split('\n').map((line) => line.trimEnd());
  const match = (w: number, h: number): boolean => {
    if (w === want.length) return h === have.length;
    if (want[w] === '...') {
      for (let next = h; next <= have.length; next++) if (match(w + 1, next)) return true;
      return false;
    }
    return h < have.length && have[h] === want[w].trimEnd() && match(w + 1, h + 1);
  };
  return match(0, 0);
}
