"""Results kept per process for the inputs they were made from: the last `size` of them, the oldest given up
first. For pure functions of their key only (the same figures, language and threshold give the same report):
never for anything a user's access decides unless the key says whose it is. A value given is shared by every
request that asks with the same key: read it, never change it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
W = TypeVar("W")


class Kept(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        return self._values.get(key)

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for `key`, or `make()`'s, then kept (two threads may both make it: the same)."""
        found = self._values.get(key)
        return self.put(key, make()) if found is None else found


def made_for(kept: Kept[tuple[Any, W]], owner: object, key: Hashable, make: Callable[[], W]) -> W:
    """What `make()` gives for `owner` (an object kept elsewhere, e.g. a report) and `key`, kept in `kept`
    beside the owner itself: entries are found by the owner's id, and one is used only while it holds that
    same owner (an id is reused once its object is gone)."""
    found = kept.get((id(owner), key))
    if found is not None and found[0] is owner:
        return found[1]
    return kept.put((id(owner), key), (owner, make()))[1]
