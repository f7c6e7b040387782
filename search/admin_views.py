"""The Wagtail admin report of top and zero-result searches, with CSV download."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from .analytics import PERIODS, query_summary, since, write_csv


def search_analytics(request):
    if not request.user.has_perm("kbsearch.view_querylog"):
        raise PermissionDenied
    period = request.GET.get("period", "30")
    period = period if period in PERIODS else "30"
    zero_only = request.GET.get("results") == "zero"
    rows = query_summary(since(period), zero_results_only=zero_only)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"searches-{'zero-results-' if zero_only else ''}{period}-days.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        write_csv(rows, response)
        return response
    context = {"rows": rows, "periods": PERIODS, "period": period, "zero_only": zero_only}
    return render(request, "search/admin/analytics.html", context)
