"""Results kept per process for the inputs they were made from: the last `size` of them, the oldest given up
first. For pure functions of their key only (the same figures, language and threshold give the same report):
never for anything a user's access decides unless the key says whose it is. A value given is shared by every
request that asks with the same key: read it, never change it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


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
