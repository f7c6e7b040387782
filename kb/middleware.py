"""The content security policy, with the one exception Wagtail's admin needs."""

from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's strict policy everywhere; in /admin/ also inline scripts, which Wagtail uses to start its
    choosers and inline panels. Public pages, which serve review content, keep script-src 'self' only."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts
