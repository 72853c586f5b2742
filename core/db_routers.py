"""Database routing for a primary with one read replica.

Installed by settings only when DATABASE_REPLICA_URL is set.
"""

from django.db import transaction

from core.read_your_writes import reads_pinned_to_primary
from core.replication import PRIMARY, REPLICA, replica_answers


class PrimaryReplicaRouter:
    """Reads from the replica, writes and migrations on the primary.

    Inside a transaction on the primary, reads stay on the primary: the
    transaction must see its own uncommitted writes, which the replica has
    not got (admin edits run in one, and so does every test). So do the reads
    of an editor who has just saved (core/read_your_writes.py), and every read
    while the replica does not answer (core/replication.py).
    """

    primary = PRIMARY
    replica = REPLICA
    # Only the directory's public data may be a little stale. Sessions, logins,
    # login-throttle records and the admin log must be read where they were
    # just written.
    replicated_apps = {"makerspaces"}

    def db_for_read(self, model, **hints):
        if model._meta.app_label not in self.replicated_apps:
            return self.primary
        if transaction.get_connection(self.primary).in_atomic_block:
            return self.primary
        if reads_pinned_to_primary() or not replica_answers(self.replica):
            return self.primary
        return self.replica

    def db_for_write(self, model, **hints):
        return self.primary

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data, so rows read from one may point at
        # rows read from the other.
        aliases = {self.primary, self.replica}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == self.primary
