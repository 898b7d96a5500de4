/**
 * The option parsers of the clients the init Jobs run, reading an argument vector as the client does:
 * - mongosh: yargs-parser 21.1.1 (the parser and version mongosh's arg-parser package uses; here
 *   from node_modules, where jest's yargs brings it), with mongosh's parser configuration and the
 *   options of mongosh's packages/arg-parser/src/arg-parser.ts that the scripts use or that a value
 *   could name, and mongosh's own check that no positional argument starts with "-";
 * - mc: minio/cli's argument reordering (command.go, Command.Run: every argument starting with "-"
 *   but "-" alone is moved among the flags, the flags' values with them, until "--"), then Go's
 *   flag package. mc is not run here: this is a transcription of its parser, for the positional
 *   arguments only.
 */
import yargsParser from 'yargs-parser';

/** mongosh's yargs-parser options (arg-parser.ts), cut down to the options relevant here. */
const MONGOSH_OPTIONS: yargsParser.Options = {
  string: ['authenticationDatabase', 'db', 'host', 'password', 'port', 'username', 'tlsCAFile', 'locale'],
  boolean: ['help', 'ipv6', 'nodb', 'norc', 'quiet', 'shell', 'tls', 'verbose', 'version'],
  array: ['eval', 'file'],
  alias: { h: 'help', p: 'password', u: 'username', f: 'file' },
  configuration: {
    'camel-case-expansion': false,
    'unknown-options-as-args': true,
    'parse-positional-numbers': false,
    'parse-numbers': false,
    'greedy-arrays': false,
    'short-option-groups': false,
  },
};

export type MongoshReading = { readonly options: Readonly<Record<string, unknown>>; readonly positional: readonly string[] } | { readonly error: string };

/** The options and positional arguments mongosh reads from `args` (aliases folded into their long names), or its error. */
export function mongoshArguments(args: readonly string[]): MongoshReading {
  const parsed = yargsParser([...args], MONGOSH_OPTIONS);
  const positional = (parsed._ ?? []).map(String);
  const unknown = positional.find((arg) => arg.startsWith('-'));
  if (unknown !== undefined) return { error: `Unknown argument: ${unknown}` };
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) if (key !== '_' && !(key in (MONGOSH_OPTIONS.alias ?? {}))) options[key] = value;
  return { options, positional };
}

/**
 * The positional arguments mc reads from the arguments of a subcommand (after `mc alias set`), with
 * `valueFlags` the flags that take a value (`--api`); undefined when Go's flag package would fail
 * (an unknown flag).
 */
export function mcPositionalArguments(args: readonly string[], valueFlags: readonly string[]): string[] | undefined {
  const regular: string[] = [];
  const flags: string[] = [];
  let terminated = false;
  let flagValue = false;
  for (const arg of args) {
    if (terminated) regular.push(arg);
    else if (flagValue) {
      flags.push(arg);
      flagValue = false;
    } else if (arg === '--') {
      terminated = true;
      regular.push(arg);
    } else if (arg === '-') regular.push(arg);
    else if (arg.startsWith('-')) {
      flags.push(arg);
      if (!arg.includes('=')) flagValue = valueFlags.includes(arg);
    } else regular.push(arg);
  }
  // Go's flag.Parse over flags then regular arguments: every flag must be known; parsing stops at "--" (dropped) or the first non-flag.
  const vector = [...flags, ...regular];
  let at = 0;
  while (at < vector.length) {
    const arg = vector[at];
    if (arg === '--') {
      at++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const name = arg.replace(/^--?/, '').split('=')[0];
    if (!valueFlags.includes(`--${name}`)) return undefined;
    at += arg.includes('=') ? 1 : 2;
  }
  return vector.slice(at);
}
