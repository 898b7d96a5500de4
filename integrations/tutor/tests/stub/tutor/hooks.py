"""Stand-in for tutor.hooks: Filter, Action, the filters and actions the plugin touches, priorities."""
from __future__ import annotations

import typing as t


class priorities:  # pylint: disable=invalid-name,too-few-public-methods
    HIGH = 5
    DEFAULT = 10
    LOW = 50


class FilterCallback:  # pylint: disable=too-few-public-methods
    def __init__(self, func: t.Callable[..., t.Any], priority: t.Optional[int] = None):
        self.func = func
        self.priority = priority or priorities.DEFAULT


class Filter:
    def __init__(self) -> None:
        self.callbacks: list[FilterCallback] = []

    def add(self, priority: t.Optional[int] = None) -> t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]:
        def inner(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
            callback = FilterCallback(func, priority)
            position = len(self.callbacks)
            for index, existing in enumerate(self.callbacks):
                if existing.priority > callback.priority:
                    position = index
                    break
            self.callbacks.insert(position, callback)
            return func

        return inner

    def add_item(self, item: t.Any, priority: t.Optional[int] = None) -> None:
        self.add_items([item], priority=priority)

    def add_items(self, items: list[t.Any], priority: t.Optional[int] = None) -> None:
        @self.add(priority=priority)
        def callback(values: list[t.Any]) -> list[t.Any]:
            return values + items

    def apply(self, value: t.Any) -> t.Any:
        for callback in self.callbacks:
            value = callback.func(value)
        return value

    def iterate(self) -> t.Iterator[t.Any]:
        yield from self.apply([])


class Action:
    def __init__(self) -> None:
        self.callbacks: list[t.Callable[..., None]] = []

    def add(self, priority: t.Optional[int] = None) -> t.Callable[[t.Callable[..., None]], t.Callable[..., None]]:
        def inner(func: t.Callable[..., None]) -> t.Callable[..., None]:
            self.callbacks.append(func)
            return func

        return inner

    def do(self, *args: t.Any) -> None:
        for callback in self.callbacks:
            callback(*args)


class Filters:  # pylint: disable=too-few-public-methods
    CLI_DO_INIT_TASKS = Filter()
    COMMANDS_PRE_INIT = Filter()
    COMMANDS_INIT = Filter()
    ENV_PATCHES = Filter()
    ENV_TEMPLATE_ROOTS = Filter()
    ENV_TEMPLATE_TARGETS = Filter()
    ENV_TEMPLATE_VARIABLES = Filter()


class Actions:  # pylint: disable=too-few-public-methods
    CONFIG_LOADED = Action()


FILTER_NAMES = ("CLI_DO_INIT_TASKS", "COMMANDS_PRE_INIT", "COMMANDS_INIT", "ENV_PATCHES", "ENV_TEMPLATE_ROOTS", "ENV_TEMPLATE_TARGETS", "ENV_TEMPLATE_VARIABLES")


def reset(deprecated_filters: bool = True) -> None:
    """Empties every filter and action; without the deprecated filters, as in Tutor >= 16."""
    for name in FILTER_NAMES:
        setattr(Filters, name, Filter())
    if not deprecated_filters:
        delattr(Filters, "COMMANDS_PRE_INIT")
        delattr(Filters, "COMMANDS_INIT")
    Actions.CONFIG_LOADED = Action()
