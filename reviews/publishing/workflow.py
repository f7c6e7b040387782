"""The publishing workflow's anonymisation step: nothing identifying reaches the public unless a reviewer overrides."""

from django import forms
from django.db import models
from wagtail.models import AbstractGroupApprovalTask, TaskState

from .anonymisation import scan_review


class OverrideForm(forms.Form):
    """Overriding the check needs a reason; it is kept with the task state and in the audit log."""

    comment = forms.CharField(
        label="Reason for publishing despite the identifiers found",
        widget=forms.Textarea({"rows": 3}),
        help_text="For example: the postcode is of a public building named in the published report.",
    )


class AnonymisationTaskState(TaskState):
    """A run of the check on one revision: what it found, and the override reason if a reviewer gave one."""

    identifiers = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)


class AnonymisationCheckTask(AbstractGroupApprovalTask):
    """Runs the anonymisation check on the submitted revision; passes by itself when nothing is found.

    While identifiers are found it blocks: the chosen groups may send the review back for changes or
    override with a recorded reason. Resubmitting runs the check again.
    """

    task_state_class = AnonymisationTaskState

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        found = scan_review(task_state.revision.as_object())
        task_state.identifiers = [{"field": i.location, "kind": i.kind, "text": i.text} for i in found]
        if not found:
            # Wagtail moves the workflow on when a task state leaves "in progress" during start().
            task_state.status = TaskState.STATUS_APPROVED
            task_state.comment = "Anonymisation check: no identifiers found."
        task_state.save()
        return task_state

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [("reject", "Request changes", True), ("override", "Override and approve", True)]

    def get_form_for_action(self, action):
        return OverrideForm if action == "override" else super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return "reviews/workflow/override_modal.html" if action == "override" else ""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "override":
            reason = (kwargs.get("comment") or "").strip()
            if not reason:
                return
            task_state = task_state.specific
            task_state.override_reason = reason
            task_state.save(update_fields=["override_reason"])
            task_state.approve(user=user, comment=f"Anonymisation check overridden: {reason}")
        elif action_name == "reject":
            task_state.reject(user=user, **kwargs)

    @classmethod
    def get_description(cls):
        return "Checks the review for identifying details; members of the chosen groups may override with a reason"

    class Meta:
        verbose_name = "anonymisation check"
        verbose_name_plural = "anonymisation checks"
