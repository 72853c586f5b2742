"""The directory's spaces as GeoJSON (RFC 7946): a FeatureCollection streamed one feature at a time,
like the CSV and JSON downloads. Points are WGS-84, longitude first, as the RFC requires; a space with
no point yet is a feature with a null geometry, so the file holds the whole result."""

import json

from .downloads import CHUNK_SIZE

CONTENT_TYPE = "application/geo+json"


def feature(space, request):
    geometry = None
    if space.latitude is not None and space.longitude is not None:
        geometry = {"type": "Point", "coordinates": [space.longitude, space.latitude]}
    properties = {
        "slug": space.slug,
        "name_en": space.name_en,
        "name_zh": space.name_zh,
        "kind": space.kind,
        "status": space.status,
        "region": space.region.slug,
        "region_name": space.region.name_en,
        "url": request.build_absolute_uri(space.get_absolute_url()),
        "point_precision": space.point_precision or None,
        "point_entered_in": space.point_system or None,
        "point_basis": space.point_basis if geometry else None,
        "point_reason": space.point_reason or None,
    }
    distance = getattr(space, "distance_km", None)
    if distance is not None:
        properties["distance_km"] = round(distance, 3)
    return {"type": "Feature", "id": space.slug, "geometry": geometry, "properties": properties}


def geojson_lines(rows, request):
    yield '{"type": "FeatureCollection", "features": [\n'
    for index, space in enumerate(rows.with_place().iterator(chunk_size=CHUNK_SIZE)):
        yield ("" if index == 0 else ",\n") + json.dumps(feature(space, request), ensure_ascii=False)
    yield "\n]}\n"
