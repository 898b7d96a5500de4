/**
 * Arguments of the clients the init Jobs run (mongosh, the legacy mongo shell, mc): a value that is
 * one shell word reaches the program as one argument, but the program's option parser reads an
 * argument starting with "-" as an option. `mongosh -p '--eval=…'` gets no password and code to run
 * before the here-document (yargs-parser, which mongosh reads its arguments with, takes the next
 * argument as an option's value only when it does not start with "-"); `-p -9fKq2#x` gets no
 * password and an unknown argument.
 *
 * An option's value starting with "-" is therefore written joined to the long option,
 * `--password=<value>`, which yargs-parser (mongosh) and Boost.Program_options (the legacy mongo
 * shell) read as the value whatever it holds after the "=". Any other value keeps Drydock's form, the
 * value in the next argument: the joined form is no good for every value either, since yargs-parser
 * strips the quotes of a joined value that starts and ends with the same quote (`--password="x"`
 * reads `x`); a value starting with "-" never does. A value known only when the Job runs (a Secret's)
 * is put in the right form by the script itself ({@link variableOptionSelection}). A positional
 * argument cannot be joined to anything: one starting with "-" is refused
 * ({@link positionalArgumentProblem}).
 */
import { shellWord } from './shell';

/** An option of a client that takes a value. */
export interface ClientOption {
  /** The option as Drydock writes it, its value in the next argument: `-p`, `--host`. */
  readonly separate: string;
  /** The long option a value is joined to with "=": `--password`. */
  readonly long: string;
}

/** The options of mongosh and of the legacy mongo shell the scripts use (both read the same names). */
export const MONGO_SHELL_OPTIONS = {
  host: { separate: '--host', long: '--host' },
  username: { separate: '-u', long: '--username' },
  password: { separate: '-p', long: '--password' },
} as const satisfies Readonly<Record<string, ClientOption>>;

/** Whether a client's option parser would read `value` as an option rather than a value. */
function looksLikeOption(value: string): boolean {
  return value.startsWith('-');
}

/**
 * The shell words of an option and its value, which the client reads as exactly `value`: Drydock's
 * `-p value` form, or `--password=value` for a value starting with "-". `quote` writes the value as one
 * shell word (shellWord, or shellQuoted where a script always quotes); callers check the value can be
 * one first (shellWordProblem).
 */
export function optionWords(option: ClientOption, value: string, quote: (value: string) => string = shellWord): string {
  return looksLikeOption(value) ? `${option.long}=${quote(value)}` : `${option.separate} ${quote(value)}`;
}

/**
 * The option with the value of the environment variable `variable`, known only when the Job runs:
 * a line that sets the script's positional parameters to the words of the form the value needs (a
 * `case` on its first character), and `"$@"` to write where the option goes. The script must not use
 * its positional parameters otherwise.
 */
export function variableOptionSelection(option: ClientOption, variable: string): { readonly line: string; readonly words: string } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new Error('an environment variable name must be a plain word');
  return {
    line: `case "$${variable}" in -*) set -- "${option.long}=$${variable}" ;; *) set -- ${option.separate} "$${variable}" ;; esac`,
    words: '"$@"',
  };
}

/**
 * Why `value` cannot be a positional argument of a client, or undefined: one starting with "-" is read
 * as an option (mc's parser moves every argument starting with "-" among its flags). Never quotes the value.
 */
export function positionalArgumentProblem(value: string): string | undefined {
  return looksLikeOption(value) ? 'starts with "-", which the client\'s option parser would read as an option' : undefined;
}
