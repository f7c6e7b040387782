"""What the end of an approved workflow does (WAGTAIL_FINISH_WORKFLOW_ACTION).

Kept apart and free of imports: Wagtail imports it while its own models are still being defined.
"""


def publish_approved(workflow_state, user=None) -> None:
    """Publish the approved revision as the approver. The approval is the authority the workflow asked for, so the
    permission tester that refuses direct publishing of reviews (reviews/publishing/permissions.py) is skipped."""
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
