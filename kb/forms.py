"""The admin's document form: the file of a document a page owns (a review's report) is never replaced in place."""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

from .documents import owned_file_replacement_error


class DocumentForm(BaseDocumentForm):
    """WAGTAILDOCS_DOCUMENT_FORM_BASE: Wagtail's form, refusing a new file for an owned document. A new report
    goes through its review's workflow (attached as a new document and submitted), never straight to the public."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if self.instance.pk and "file" in self.changed_data:
            error = owned_file_replacement_error(self.instance)
            if error:
                raise ValidationError(error)
        return file
