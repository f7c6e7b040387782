"""The one rule for publishing reviews: only the "Review publication" workflow's final approval publishes a
review (after the anonymisation check and the panel chair), whatever the path: the edit and create views,
bulk actions, copying with publish, revisions. Superusers, who administer the service, are the exception;
the import of a back catalogue publishes through the importer, not through these permission checks.

Wagtail asks a page's permission tester before every publish, so the rule is kept there; the workflow's
approval then publishes with that check skipped, since the approval is the authority.
"""

from wagtail.models import PagePermissionTester


class ReviewPermissionTester(PagePermissionTester):
    """Panel members and chairs may edit, submit, unpublish and unschedule reviews, but never publish one directly."""

    def can_publish(self):
        return self.user.is_active and self.user.is_superuser and not self.page_is_root

    def can_unschedule(self):
        return self.user.is_active and (self.user.is_superuser or "publish" in self.permissions)

    def can_copy(self):
        """A review is one record with a unique reference: a copy would be a second review under the same ref
        (and could be published with it). A new review is created, or imported, instead."""
        return False


class ReviewIndexPermissionTester(PagePermissionTester):
    """Creating or copying a review into the index never publishes it at the same time."""

    def can_publish_subpage(self):
        return self.user.is_active and self.user.is_superuser
