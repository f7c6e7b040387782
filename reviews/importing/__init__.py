"""Import reviews from the JSON exchange format: validate everything first (reading.py, validate.py), then write all or
nothing (write.py), new reviews through the bulk path (bulk.py). The format is documented by example in
reviews/demo/reviews.json and field by field in validate.py."""

from .reading import check_file, records_in
from .validate import ImportFailed, ImportResult, Problem, ReviewRecord, validate
from .write import import_file, write

__all__ = [
    "ImportFailed",
    "ImportResult",
    "Problem",
    "ReviewRecord",
    "check_file",
    "import_file",
    "records_in",
    "validate",
    "write",
]
