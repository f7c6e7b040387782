"""The roles' standing rules, kept after every migration (the groups themselves come from kb/migrations/0001)."""

ADMINISTRATORS = "Administrators"


def grant_administrators_every_permission(sender, using="default", apps=None, **kwargs) -> None:
    """post_migrate: Administrators hold every permission there is, including those of apps and models added
    after the roles were created (a group cannot be a superuser)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name=ADMINISTRATORS).first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())
