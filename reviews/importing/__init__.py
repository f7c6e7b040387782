"""Import reviews from the JSON exchange format: validate everything first (validate.py), then write all or
nothing (write.py), new reviews through the bulk path (bulk.py). The format is documented by example in
reviews/demo/reviews.json and field by field in validate.py."""

from .validate import ImportFailed, ImportResult, Problem, ReviewRecord, read_file, validate
from .write import import_file, write

__all__ = ["ImportFailed", "ImportResult", "Problem", "ReviewRecord", "import_file", "read_file", "validate", "write"]
