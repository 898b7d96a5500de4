"""
drydock-fn Tutor plugin: exports Tutor's init tasks for the drydock-fn KRM function.

`tutor k8s do init` renders its init tasks from Tutor's templates and its plugins and runs them
one after the other; they are not part of the env/ that `tutor config save` writes. With this
plugin enabled, `tutor config save` also writes them, rendered with the configuration, to
env/plugins/drydock-fn/k8s/init-tasks.yml as a TutorInitTasks resource, and lists that file in
Tutor's kustomization. drydock-fn turns the tasks into ordered Argo CD Sync-hook Jobs.

The resource is annotated config.kubernetes.io/local-config: "true": kustomize hands it to the
function and leaves it out of what it prints; `tutor k8s start` never applies it.

Install (Tutor >= 15):

    mkdir -p "$(tutor plugins printroot)"
    cp drydock_fn.py "$(tutor plugins printroot)/"
    tutor plugins enable drydock_fn
    tutor config save

The tasks come in Tutor's order: the deprecated COMMANDS_PRE_INIT tasks first (Tutor 15 plugins
still use them), then CLI_DO_INIT_TASKS by priority, then the deprecated COMMANDS_INIT tasks. Each
keeps its priority and the filter it came from.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import typing as t

from tutor import env as tutor_env
from tutor import hooks

try:
    from tutor.__about__ import __version__ as TUTOR_VERSION
except ImportError:  # pragma: no cover - every Tutor release has it
    TUTOR_VERSION = ""

try:
    from jinja2 import pass_context
except ImportError:  # pragma: no cover - Tutor depends on Jinja2 >= 3
    def pass_context(func):  # type: ignore[no-redef]
        return func

API_VERSION = "drydock.io/v1alpha1"
KIND = "TutorInitTasks"
RESOURCE_NAME = "tutor-init-tasks"
#: Where the resource lands in env/, as Tutor's kustomization lists it.
OUTPUT_PATH = "plugins/drydock-fn/k8s/init-tasks.yml"
TEMPLATE_VARIABLE = "drydock_fn_init_tasks"

MAIN_FILTER = "CLI_DO_INIT_TASKS"
#: Filters of init tasks, in the order `tutor k8s do init` runs them.
TASK_FILTERS = ("COMMANDS_PRE_INIT", MAIN_FILTER, "COMMANDS_INIT")
#: Deprecated filters hold (service, template path) items instead of scripts.
PATH_FILTERS = ("COMMANDS_PRE_INIT", "COMMANDS_INIT")

_state: dict[str, t.Any] = {"config": None}


class InitTask(t.NamedTuple):
    service: str
    command: str
    priority: t.Optional[int]
    filter: str


# ---------------------------------------------------------------------------------------------
# Collecting the tasks


def items_with_priority(filter_: t.Any) -> list[tuple[t.Any, t.Optional[int]]]:
    """
    The items of a list filter in Tutor's order, each with the priority of the callback that
    added it. Callbacks are replayed one by one (they are sorted by priority, as Tutor applies
    them); when a callback does more than append, the items it keeps keep their priority. If the
    replay does not give exactly what the filter gives, the filter's items are returned without
    priorities.
    """
    expected = list(filter_.iterate())
    pairs: t.Optional[list[tuple[t.Any, t.Optional[int]]]] = []
    values: list[t.Any] = []
    try:
        for callback in filter_.callbacks:
            new_values = list(callback.func(list(values)))
            priority = getattr(callback, "priority", None)
            if len(new_values) >= len(values) and all(a is b for a, b in zip(new_values, values)):
                pairs.extend((item, priority) for item in new_values[len(values):])
            else:
                known = {id(item): item_priority for item, item_priority in pairs}
                pairs = [(item, known.get(id(item), priority)) for item in new_values]
            values = new_values
    except Exception:  # pylint: disable=broad-except
        pairs = None
    if pairs is None or [item for item, _ in pairs] != expected:
        return [(item, None) for item in expected]
    return pairs


def collect_init_tasks(config: dict[str, t.Any]) -> list[InitTask]:
    """
    Tutor's init tasks, rendered with `config` and stripped, as `tutor k8s do init` runs them and
    in that order. Filters this Tutor release does not have are skipped.
    """
    if getattr(hooks.Filters, MAIN_FILTER, None) is None:
        raise RuntimeError(f"drydock-fn needs Tutor >= 15 (hooks.Filters.{MAIN_FILTER})")
    tasks = []
    for name in TASK_FILTERS:
        filter_ = getattr(hooks.Filters, name, None)
        if filter_ is None:
            continue
        for (service, command), priority in items_with_priority(filter_):
            if name in PATH_FILTERS:
                command = tutor_env.read_template_file(*command)
            # Stripped, as `tutor k8s do init` runs it (Tutor's task runner strips the rendered script).
            tasks.append(InitTask(service, tutor_env.render_str(config, command).strip(), priority, name))
    return tasks


# ---------------------------------------------------------------------------------------------
# Writing the resource (YAML without a YAML library: the scalars are strings and integers)

#: Text a literal block carries as it is: no C0/C1 controls but tab and line feed, no BOM, no U+2028/2029
#: (line breaks to YAML 1.1 readers), no U+FFFE/U+FFFF (outside YAML's printable set: PyYAML and
#: kustomize refuse them raw), no lone surrogates.
_SAFE_BLOCK = re.compile(r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufffe\uffff\ud800-\udfff]*$")


def yaml_quoted(value: str) -> str:
    """A double-quoted YAML scalar any YAML 1.1 or 1.2 reader reads back as the same string."""
    out = []
    for char in value:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif code > 0xFFFF:
            out.append(f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def yaml_block_or_quoted(value: str, indent: int) -> str:
    """
    A literal block scalar (`|`, `|-` or `|+`) when it reads back exactly, which keeps scripts
    readable in the file; a double-quoted scalar otherwise.
    """
    lines = value.split("\n")
    first = next((line for line in lines if line != ""), "")
    usable = (
        "\n" in value
        and _SAFE_BLOCK.match(value) is not None
        and not first.startswith(" ")
        and not any(line != "" and line.strip(" \t") == "" for line in lines)
    )
    if not usable:
        return yaml_quoted(value)
    stripped = value.rstrip("\n")
    trailing = len(value) - len(stripped)
    chomping = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    # The line break of the last line is the block's own; `|+` keeps the empty lines after it.
    body_lines = stripped.split("\n") + [""] * max(trailing - 1, 0)
    pad = " " * indent
    body = "\n".join(pad + line if line else "" for line in body_lines)
    return f"|{chomping}\n{body}"


def render_resource(tasks: t.Sequence[InitTask], tutor_version: str = TUTOR_VERSION) -> str:
    """The TutorInitTasks resource holding `tasks`, as YAML text."""
    out = [
        "# Tutor's init tasks, written by the drydock-fn Tutor plugin on `tutor config save`.",
        "# drydock-fn renders them as Argo CD Sync-hook Jobs; kustomize leaves this file out of its output.",
        f"apiVersion: {API_VERSION}",
        f"kind: {KIND}",
        "metadata:",
        f"  name: {RESOURCE_NAME}",
        "  annotations:",
        '    config.kubernetes.io/local-config: "true"',
        "spec:",
    ]
    if tutor_version:
        out.append(f"  tutorVersion: {yaml_quoted(tutor_version)}")
    if not tasks:
        out.append("  tasks: []")
    else:
        out.append("  tasks:")
        for task in tasks:
            out.append(f"  - service: {yaml_quoted(task.service)}")
            if task.priority is not None:
                out.append(f"    priority: {int(task.priority)}")
            out.append(f"    filter: {yaml_quoted(task.filter)}")
            out.append(f"    command: {yaml_block_or_quoted(task.command, 6)}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Tutor wiring


def _remember_config(config: dict[str, t.Any]) -> None:
    _state["config"] = config


@pass_context
def init_tasks_resource(context: t.Any = None) -> str:
    """
    Template variable: the resource for the configuration Tutor is saving. The configuration comes
    from the CONFIG_LOADED action (`tutor config save` loads it just before rendering env/), else
    from the template's context (Tutor renders templates with every setting as a variable).
    """
    config = _state["config"]
    if config is None and context is not None and hasattr(context, "get_all"):
        config = {key: value for key, value in context.get_all().items() if key.isupper()}
    if config is None:
        raise RuntimeError("drydock-fn: the Tutor configuration is not loaded; run `tutor config save`")
    return render_resource(collect_init_tasks(config))


def _template_root() -> str:
    """A template root holding the one template of this plugin (a one-file plugin ships no folder)."""
    root = tempfile.mkdtemp(prefix="tutor-drydock-fn-")
    atexit.register(shutil.rmtree, root, True)
    folder = os.path.join(root, "drydock-fn", "k8s")
    os.makedirs(folder)
    with open(os.path.join(folder, "init-tasks.yml"), "w", encoding="utf-8") as template:
        template.write("{{ %s() }}" % TEMPLATE_VARIABLE)
    return root


def register() -> None:
    """Adds the plugin's hooks (done on import, as Tutor loads the plugin)."""
    config_loaded = getattr(hooks.Actions, "CONFIG_LOADED", None)
    if config_loaded is not None:
        config_loaded.add()(_remember_config)
    hooks.Filters.ENV_TEMPLATE_ROOTS.add_item(_template_root())
    hooks.Filters.ENV_TEMPLATE_TARGETS.add_item(("drydock-fn", "plugins"))
    hooks.Filters.ENV_TEMPLATE_VARIABLES.add_item((TEMPLATE_VARIABLE, init_tasks_resource))
    hooks.Filters.ENV_PATCHES.add_item(("kustomization-resources", f"- {OUTPUT_PATH}"))


register()

