"""Work that bulk loads put off until their end: one pass instead of one per row saved."""

import threading
from contextlib import contextmanager


class Deferral:
    """Per thread: inside ``block()``, writers ``note()`` work instead of doing it; the block's end
    hands everything noted to its ``finish`` once. Nested blocks leave it to the outermost; a block
    that raises finishes nothing."""

    def __init__(self):
        self._local = threading.local()

    @property
    def active(self):
        return getattr(self._local, "noted", None) is not None

    def note(self, *items):
        self._local.noted.update(items)

    @contextmanager
    def block(self, finish):
        if self.active:
            yield
            return
        self._local.noted = set()
        try:
            yield
            noted = self._local.noted
        finally:
            self._local.noted = None
        if noted:
            finish(noted)
