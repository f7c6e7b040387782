"""The review publishing workflow: the anonymisation check, then the panel chair's approval, on the review index."""

from django.db import migrations

WORKFLOW_NAME = "Review publication"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    AnonymisationCheckTask = apps.get_model("reviews", "AnonymisationCheckTask")
    ReviewIndexPage = apps.get_model("reviews", "ReviewIndexPage")

    def content_type(model):
        return ContentType.objects.get_or_create(app_label=model._meta.app_label, model=model._meta.model_name)[0]

    panel = Group.objects.get_or_create(name="Review panel")[0]
    chairs = Group.objects.get_or_create(name="Panel chairs")[0]
    check = AnonymisationCheckTask.objects.create(
        name="Anonymisation check", active=True, content_type=content_type(AnonymisationCheckTask)
    )
    check.groups.set([panel, chairs])
    approval = GroupApprovalTask.objects.create(
        name="Panel chair approval", active=True, content_type=content_type(GroupApprovalTask)
    )
    approval.groups.set([chairs])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=check, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    for index in ReviewIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_anonymisation_workflow"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
