"""The cache backend for Redis: Django's, except that Redis being unreachable is a miss, not an error.

The cache only saves work (makerspaces/cache.py): every value can be computed again. So while Redis
is stopped or restarting, reads answer "not cached" and writes are dropped, and pages are computed
from the database. After a failure the backend leaves Redis alone for a moment instead of waiting
on it for every value of every request, then tries again.
"""

import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

REDIS_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# Seconds without asking Redis after it failed to answer.
RETRY_AFTER = 1.0


class RedisCacheOrMiss(RedisCache):
    _lock = threading.Lock()
    _away_until = 0.0

    def _tolerant(self, method, missing, *args, **kwargs):
        if time.monotonic() < RedisCacheOrMiss._away_until:
            return missing
        try:
            return method(*args, **kwargs)
        except REDIS_UNREACHABLE:
            with RedisCacheOrMiss._lock:
                RedisCacheOrMiss._away_until = time.monotonic() + RETRY_AFTER
            return missing

    def get(self, key, default=None, version=None):
        return self._tolerant(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._tolerant(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._tolerant(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._tolerant(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._tolerant(super().delete_many, None, keys, version)

    def clear(self):
        return self._tolerant(super().clear, False)
