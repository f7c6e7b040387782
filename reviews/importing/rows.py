"""Writing many rows of plain values in one statement, for the bulk importer: where Django's bulk_create and
bulk_update build a model instance and compiled expressions per row, these prepare each value with its field and
hand the rows to the database driver's executemany."""

from django.db import connection, models
from django.db.models.constants import OnConflict


def insert_values(model, field_names: tuple[str, ...], rows: list[tuple], ignore_conflicts: bool = False) -> None:
    """Insert rows of plain values into a model's table with one executemany: for link rows nobody reads back, where
    bulk_create's model instance and compiled expression per row took a fifth of an import."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    on_conflict = OnConflict.IGNORE if ignore_conflicts and connection.features.supports_ignore_conflicts else None
    sql = (
        f"{connection.ops.insert_statement(on_conflict=on_conflict)} {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) VALUES ({', '.join(['%s'] * len(fields))}) "
        + (connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None) or "")
    ).strip()
    converting = [i for i, field in enumerate(fields) if not _as_is(field)]
    prepared = [list(row) for row in rows]
    for row in prepared:
        for i in converting:
            row[i] = fields[i].get_db_prep_save(row[i], connection)
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _as_is(field) -> bool:
    """Whether the database takes the field's Python values unchanged: whole numbers, text, and foreign keys to
    whole-number keys (preparing half a million such values one by one took a tenth of an import)."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    return isinstance(field, (models.IntegerField, models.AutoField, models.CharField, models.TextField))


def update_rows(model, objects, field_names: list[str]) -> None:
    """Save these fields of these objects, one UPDATE statement run for all of them (what bulk_update does, without
    the CASE expression per field it builds, which took a tenth of an import)."""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
