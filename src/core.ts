/**
 * What the commands of drydock-fn other than `--help` and `--version` load: the KRM function, `render`,
 * `schema` and the migration commands. The build writes it to a file of its own next to the CLI's
 * (dist/drydock-fn-core.js), which main.ts requires only when a command needs it, so that the
 * commands that print a line do not make Node read and parse the whole function.
 */
export * from './io';
export * from './config/schema';
export * from './migration/commands';
