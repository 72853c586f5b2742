"""The ``curated_json`` serialization format of the records' history (makerspaces/revisions.py).

Django's JSON, but a record read back keeps the current values of the fields that are not facts of it
(those marked ``serialize=False``: kept counts, search documents, edit versions, when it was added), where
plain JSON would set them back to their defaults on revert. A restored deleted record starts from the
defaults, which the revert's end recounts and refreshes.
"""

from django.core.serializers import json as django_json
from django.core.serializers.base import DeserializedObject

Serializer = django_json.Serializer


def kept_fields(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not field.serialize and not field.primary_key and not field.remote_field
    ]


class Deserializer(django_json.Deserializer):
    def _handle_object(self, obj):
        for deserialized in super()._handle_object(obj):
            instance = deserialized.object
            kept = kept_fields(type(instance))
            if kept and instance.pk is not None:
                current = type(instance)._default_manager.filter(pk=instance.pk).values(*kept).first()
                for name, value in (current or {}).items():
                    setattr(instance, name, value)
            yield DeserializedObject(instance, deserialized.m2m_data, deserialized.deferred_fields)
