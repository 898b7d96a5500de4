"""
Tests of the drydock-fn Tutor plugin against a stand-in for tutor.hooks and tutor.env, and against
the init tasks real Tutor releases produced (the shared fixtures' init-tasks.json files).

Run: python3 -m unittest discover -s integrations/tutor/tests
"""
from __future__ import annotations

import glob
import importlib.util
import json
import os
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(os.path.dirname(HERE), "drydock_fn.py")
sys.path.insert(0, os.path.join(HERE, "stub"))

from tutor import env as tutor_env  # noqa: E402  (the stand-in)
from tutor import hooks  # noqa: E402

FIXTURES = os.environ.get("DRYDOCK_FN_FIXTURES") or os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "fixtures"))

try:
    import yaml  # type: ignore[import-untyped]
except ImportError:  # the round trip is then checked by test/tutor-plugin.test.ts with the yaml npm package
    yaml = None


def load_plugin(deprecated_filters: bool = True) -> types.ModuleType:
    """A fresh copy of the plugin, registered on emptied filters."""
    hooks.reset(deprecated_filters=deprecated_filters)
    tutor_env.reset()
    spec = importlib.util.spec_from_file_location("drydock_fn_under_test", PLUGIN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_yaml(test: unittest.TestCase, text: str) -> dict:
    if yaml is None:
        test.skipTest("PyYAML is not installed: the YAML round trip is checked by test/tutor-plugin.test.ts instead")
    return yaml.safe_load(text)


def template_variable(plugin: types.ModuleType):
    return dict(hooks.Filters.ENV_TEMPLATE_VARIABLES.iterate())[plugin.TEMPLATE_VARIABLE]


class OrderAndPriorityTests(unittest.TestCase):
    def test_tasks_come_in_tutor_order_with_their_priority_and_filter(self) -> None:
        plugin = load_plugin()
        # Core tasks first, as Tutor registers them on CORE_READY, then plugin tasks.
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", "mounted dirs"), priority=hooks.priorities.HIGH)
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("mysql", "mysql init"))
        hooks.Filters.CLI_DO_INIT_TASKS.add_items([("lms", "lms init"), ("cms", "cms init")])
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("notes", "late"), priority=hooks.priorities.LOW)
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("mongodb", "plugin high"), priority=hooks.priorities.HIGH)
        hooks.Filters.COMMANDS_INIT.add_item(("forum", ("forum", "tasks", "forum", "init")))
        hooks.Filters.COMMANDS_PRE_INIT.add_item(("mysql", ("myplugin", "tasks", "mysql", "pre-init")))
        tutor_env.TEMPLATE_FILES[("forum", "tasks", "forum", "init")] = "forum init"
        tutor_env.TEMPLATE_FILES[("myplugin", "tasks", "mysql", "pre-init")] = "pre init"

        tasks = plugin.collect_init_tasks({})

        self.assertEqual(
            [(task.service, task.command, task.priority, task.filter) for task in tasks],
            [
                ("mysql", "pre init", 10, "COMMANDS_PRE_INIT"),
                ("lms", "mounted dirs", 5, "CLI_DO_INIT_TASKS"),
                ("mongodb", "plugin high", 5, "CLI_DO_INIT_TASKS"),
                ("mysql", "mysql init", 10, "CLI_DO_INIT_TASKS"),
                ("lms", "lms init", 10, "CLI_DO_INIT_TASKS"),
                ("cms", "cms init", 10, "CLI_DO_INIT_TASKS"),
                ("notes", "late", 50, "CLI_DO_INIT_TASKS"),
                ("forum", "forum init", 10, "COMMANDS_INIT"),
            ],
        )

    def test_without_the_deprecated_filters(self) -> None:
        plugin = load_plugin(deprecated_filters=False)
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", "x"))
        self.assertEqual([(task.service, task.filter) for task in plugin.collect_init_tasks({})], [("lms", "CLI_DO_INIT_TASKS")])

    def test_a_callback_that_reorders_keeps_each_item_priority(self) -> None:
        plugin = load_plugin()
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", "first"), priority=hooks.priorities.HIGH)
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("mysql", "second"))

        @hooks.Filters.CLI_DO_INIT_TASKS.add(priority=hooks.priorities.LOW)
        def _prepend(tasks):
            return [("cms", "prepended")] + tasks

        tasks = plugin.collect_init_tasks({})
        self.assertEqual([(task.command, task.priority) for task in tasks], [("prepended", 50), ("first", 5), ("second", 10)])

    def test_a_callback_that_cannot_be_replayed_gives_no_priorities(self) -> None:
        plugin = load_plugin()
        calls = []

        @hooks.Filters.CLI_DO_INIT_TASKS.add()
        def _stateful(tasks):
            calls.append(1)
            return tasks + [("lms", f"call {len(calls)}")]

        tasks = plugin.collect_init_tasks({})
        self.assertEqual(len(tasks), 1)
        self.assertIsNone(tasks[0].priority)
        self.assertEqual(tasks[0].command, "call 1")

    def test_needs_tutor_15(self) -> None:
        plugin = load_plugin()
        delattr(hooks.Filters, "CLI_DO_INIT_TASKS")
        with self.assertRaisesRegex(RuntimeError, "Tutor >= 15"):
            plugin.collect_init_tasks({})


class RenderingTests(unittest.TestCase):
    def test_commands_are_rendered_with_the_loaded_config(self) -> None:
        plugin = load_plugin()
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("mysql", "mysql -u root --password={{ MYSQL_ROOT_PASSWORD }}"))
        config = {"MYSQL_ROOT_PASSWORD": "s3cret"}
        hooks.Actions.CONFIG_LOADED.do(config)

        text = template_variable(plugin)()

        self.assertIn("mysql -u root --password=s3cret", text)
        self.assertIs(tutor_env.RENDERED[0][0], config)

    def test_scripts_are_stripped_as_tutor_runs_them(self) -> None:
        plugin = load_plugin()
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", "\n{% if X %}\n  echo {{ A }}\n\n"))
        self.assertEqual([task.command for task in plugin.collect_init_tasks({"A": "a"})], ["{% if X %}\n  echo a"])

    def test_without_config_loaded_the_template_context_gives_the_config(self) -> None:
        plugin = load_plugin()
        hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", "echo {{ LMS_HOST }}"))

        class Context:  # what Jinja passes to a pass_context function
            @staticmethod
            def get_all():
                return {"LMS_HOST": "lms.example.com", "patch": len}

        self.assertIn("echo lms.example.com", template_variable(plugin)(Context()))
        self.assertEqual(tutor_env.RENDERED[0][0], {"LMS_HOST": "lms.example.com"})

    def test_no_config_at_all_is_a_clear_error(self) -> None:
        plugin = load_plugin()
        with self.assertRaisesRegex(RuntimeError, "tutor config save"):
            template_variable(plugin)()

    def test_registers_the_template_and_the_kustomization_entry(self) -> None:
        plugin = load_plugin()
        roots = list(hooks.Filters.ENV_TEMPLATE_ROOTS.iterate())
        self.assertEqual(len(roots), 1)
        with open(os.path.join(roots[0], "drydock-fn", "k8s", "init-tasks.yml"), encoding="utf-8") as template:
            self.assertEqual(template.read(), "{{ drydock_fn_init_tasks() }}")
        self.assertEqual(list(hooks.Filters.ENV_TEMPLATE_TARGETS.iterate()), [("drydock-fn", "plugins")])
        # env/<target>/<path under drydock-fn> is what the kustomization lists.
        self.assertEqual(list(hooks.Filters.ENV_PATCHES.iterate()), [("kustomization-resources", "- plugins/drydock-fn/k8s/init-tasks.yml")])
        self.assertEqual(plugin.OUTPUT_PATH, "plugins/drydock-fn/k8s/init-tasks.yml")


TRICKY = [
    "echo hi",
    "echo hi\n",
    "a\nb",
    "a\nb\n",
    "a\n\n\n",
    "\n\nleading empty lines",
    "  indented first line\nx",
    "line with trailing spaces   \nnext",
    "whitespace-only line\n  \nafter",
    "tab\tinside\n\tleading tab",
    'quotes " and \\ backslash\n$HOME `cmd`',
    "carriage\r\nreturn",
    "unicode é ✓ 😀\nsecond",
    "control \x01 char",
    "noncharacters \ufffe and \uffff",
    "noncharacter in a script \ufffe\nsecond line \uffff\n",
    "- looks like a list\n# looks like a comment\n---\n...",
    "",
]


class YamlTests(unittest.TestCase):
    def test_every_string_reads_back_the_same(self) -> None:
        plugin = load_plugin()
        tasks = [plugin.InitTask("lms", text, 10, "CLI_DO_INIT_TASKS") for text in TRICKY]
        parsed = parse_yaml(self, plugin.render_resource(tasks, "22.0.0"))
        self.assertEqual([task["command"] for task in parsed["spec"]["tasks"]], TRICKY)
        self.assertEqual(parsed["spec"]["tutorVersion"], "22.0.0")
        self.assertEqual(parsed["metadata"]["annotations"], {"config.kubernetes.io/local-config": "true"})

    def test_scripts_are_literal_blocks_when_that_is_exact(self) -> None:
        plugin = load_plugin()
        self.assertEqual(plugin.yaml_block_or_quoted("a\nb\n", 2), "|\n  a\n  b")
        self.assertEqual(plugin.yaml_block_or_quoted("a\n\nb", 2), "|-\n  a\n\n  b")
        self.assertEqual(plugin.yaml_block_or_quoted("a\n\n", 2), "|+\n  a\n")
        self.assertEqual(plugin.yaml_block_or_quoted("x\n  \ny", 2), '"x\\n  \\ny"')
        self.assertEqual(plugin.yaml_block_or_quoted(" x\ny", 2), '" x\\ny"')

    def test_noncharacters_are_escaped_never_raw(self) -> None:
        # U+FFFE and U+FFFF are outside YAML's printable set: PyYAML and kustomize (go-yaml) refuse them raw.
        plugin = load_plugin()
        self.assertEqual(plugin.yaml_quoted("a\ufffeb\uffff"), '"a\\ufffeb\\uffff"')
        self.assertEqual(plugin.yaml_block_or_quoted("a\ufffe\nb\n", 2), '"a\\ufffe\\nb\\n"')
        tasks = [plugin.InitTask("lms", text, 10, "CLI_DO_INIT_TASKS") for text in TRICKY]
        text = plugin.render_resource(tasks, "22.0.0")
        self.assertNotRegex(text, "[\ufffe\uffff]")

    def test_an_empty_list(self) -> None:
        plugin = load_plugin()
        self.assertIn("  tasks: []\n", plugin.render_resource([], "15.3.7"))


def fixture_files() -> list[str]:
    files = sorted(glob.glob(os.path.join(FIXTURES, "tutor-v*", "**", "init-tasks.json"), recursive=True))
    seen, unique = set(), []
    for path in files:
        with open(path, "rb") as handle:
            content = handle.read()
        if content not in seen:
            seen.add(content)
            unique.append(path)
    return unique


class FixtureTests(unittest.TestCase):
    """What real Tutor releases (15 to 22, with and without plugins) give, task for task."""

    def setUp(self) -> None:
        if not os.path.isdir(FIXTURES):
            self.skipTest(f"no Tutor fixtures at {FIXTURES} (set DRYDOCK_FN_FIXTURES)")

    def test_every_fixture(self) -> None:
        files = fixture_files()
        self.assertGreaterEqual(len(files), 16)
        for path in files:
            with self.subTest(fixture=os.path.relpath(path, FIXTURES)):
                self.check_fixture(path)

    def check_fixture(self, path: str) -> None:
        with open(path, encoding="utf-8") as handle:
            fixture = json.load(handle)
        plugin = load_plugin()
        register_fixture_tasks(fixture)
        config = {"FIXTURE": path}
        hooks.Actions.CONFIG_LOADED.do(config)

        text = template_variable(plugin)()

        expected = [(task["service"], task["priority"], task["filter"], task["command_rendered"]) for task in fixture["tasks"]]
        tasks = plugin.collect_init_tasks(config)
        self.assertEqual([(task.service, task.priority, task.filter, task.command) for task in tasks], expected)
        self.assertTrue(all(rendered_config is config for rendered_config, _ in tutor_env.RENDERED))
        if yaml is not None:
            parsed = yaml.safe_load(text)
            self.assertEqual(
                [(task["service"], task.get("priority"), task["filter"], task["command"]) for task in parsed["spec"]["tasks"]],
                expected,
            )


def register_fixture_tasks(fixture: dict) -> None:
    """Registers a fixture's tasks as Tutor and its plugins did, with a renderer giving Tutor's output."""
    rendered = {}
    for task in fixture["tasks"]:
        rendered[task["command_template"]] = task["command_rendered"]
        if task["filter"] == "CLI_DO_INIT_TASKS":
            hooks.Filters.CLI_DO_INIT_TASKS.add_item((task["service"], task["command_template"]), priority=task["priority"])
        else:
            path = tuple(task["template_path"])
            tutor_env.TEMPLATE_FILES[path] = task["command_template"]
            getattr(hooks.Filters, task["filter"]).add_item((task["service"], path), priority=task["priority"])
    tutor_env.RENDERER = lambda _config, text: rendered[text]


if __name__ == "__main__":
    unittest.main()
