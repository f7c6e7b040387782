from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Knowledge base"

    def ready(self):
        from wagtail.documents import get_document_model

        from . import themes
        from .documents import refuse_replacing_owned_files
        from .models import Theme
        from .roles import grant_administrators_every_permission

        pre_save.connect(refuse_replacing_owned_files, sender=get_document_model(), dispatch_uid="kb-owned-files")
        post_migrate.connect(grant_administrators_every_permission, dispatch_uid="kb-administrators")
        # An edited name or synonym is used at once in this process (others within a minute: kb/themes.py).
        post_save.connect(themes.forget, sender=Theme, dispatch_uid="kb-theme-saved")
        post_delete.connect(themes.forget, sender=Theme, dispatch_uid="kb-theme-deleted")
