"""/healthz/detail: for staff, each database answering or not and the replica's lag, as JSON.

The load balancer's probe stays /healthz (core/middleware.py): one query, no login.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.replication import replication_status


@never_cache
@staff_member_required
def health_detail(request):
    status = replication_status()
    healthy = status["primary"]["answers"]
    return JsonResponse(status, status=200 if healthy else 503, json_dumps_params={"indent": 2})
