from django.shortcuts import render

from makerspaces.models import Metric


def bench_floor(request):
    """The benchmark's framework floor, shaped like TechEmpower's "Fortunes" test.

    One query for 12 rows, one escaped template: what any page of this stack
    costs at least. Only routed when DJANGO_BENCH_FLOOR is set.
    """
    rows = list(Metric.objects.only("pk", "name").order_by("pk")[:12])
    return render(request, "bench/floor.html", {"rows": rows})
