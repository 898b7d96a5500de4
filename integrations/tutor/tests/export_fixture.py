"""
Prints the TutorInitTasks resource the plugin writes for the tasks of a fixture's init-tasks.json,
registered on the Tutor stand-in as Tutor and its plugins register them. Used by the TypeScript tests
to read the plugin's real output with a YAML parser and feed it to drydock-fn.

Usage: python3 export_fixture.py path/to/init-tasks.json
       python3 export_fixture.py --strings '<json list of strings>'   (one lms task per string)
"""
from __future__ import annotations

import json
import sys

from test_drydock_fn import load_plugin, register_fixture_tasks


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--strings":
        plugin = load_plugin()
        tasks = [plugin.InitTask("lms", text, 10, "CLI_DO_INIT_TASKS") for text in json.loads(argv[1])]
        sys.stdout.write(plugin.render_resource(tasks, "22.0.0"))
        return 0
    if len(argv) != 1:
        sys.stderr.write(__doc__ or "")
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        fixture = json.load(handle)
    plugin = load_plugin()
    register_fixture_tasks(fixture)
    sys.stdout.write(plugin.render_resource(plugin.collect_init_tasks({}), fixture["tutor_version"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
