from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Knowledge base"

    def ready(self):
        from wagtail.documents import get_document_model

        from .documents import refuse_replacing_owned_files
        from .roles import grant_administrators_every_permission

        pre_save.connect(refuse_replacing_owned_files, sender=get_document_model(), dispatch_uid="kb-owned-files")
        post_migrate.connect(grant_administrators_every_permission, dispatch_uid="kb-administrators")
