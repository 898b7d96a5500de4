/**
 * Strings that a YAML 1.1 reader (kubectl, Argo CD and every Go tool built on go-yaml v2) would not read
 * back as strings when they are written without quotes. The `yaml` package writes YAML 1.2, where `on`,
 * `yes`, `0777` or `1:20` are plain strings; a Go reader turns them into booleans, octal or sexagesimal
 * numbers, so new scalars matching these patterns are written double-quoted.
 */

const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_NULL = /^(?:~|null|Null|NULL|)$/;
const YAML11_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const YAML11_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML11_TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const YAML12_NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * True when `value`, written as a plain scalar, would be read as something other than this exact string
 * by a YAML 1.1 or a YAML 1.2 (core schema) reader.
 */
export function isAmbiguousPlainScalar(value: string): boolean {
  return (
    YAML11_BOOL.test(value) ||
    YAML11_NULL.test(value) ||
    YAML11_INT.test(value) ||
    YAML11_FLOAT.test(value) ||
    YAML11_TIMESTAMP.test(value) ||
    YAML12_NUMBER.test(value) ||
    value === '<<' ||
    value === '='
  );
}
