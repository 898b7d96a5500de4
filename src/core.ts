/**
 * What the commands of drydock-fn other than `--help` and `--version` load: the KRM function, `render`,
 * `schema` and the migration commands. The build bundles it apart and carries it in the CLI's file as
 * text (scripts/build.js), which main.ts compiles only when a command needs it, so that the commands
 * that print a line do not make Node parse the whole function.
 */
export * from './io';
export * from './config/schema';
export * from './migration/commands';
