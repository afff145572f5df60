"""Exports of a filtered list or a search: CSV (UTF-8 with a BOM) and JSON, every row.

The rows are the API's records, so an export holds what the API holds. CSV flattens them:
a translated field becomes one column per language (``title_zh-hans``, ``title_en``,
``title_ru``), a partial date its canonical value and precision, page URLs one column per
language, lists of slugs ``;``-separated.
"""

import csv
import io
import json
from contextlib import nullcontext
from typing import TYPE_CHECKING

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema

from portal import i18n
from portal.api.fields import (
    PageUrlsField,
    PartialDateField,
    SourceField,
    TextStatesField,
    TranslatedField,
)

#: Spreadsheet programs read a file as UTF-8 only when it starts with this mark.
BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
TYPES = {"csv": CSV_TYPE, "json": JSON_TYPE}
#: Up to this many records an export is built in memory (with an ETag); beyond, streamed.
STREAM_ROWS = 5000
CHUNK_ROWS = 500


def _is_per_language(value) -> bool:
    return isinstance(value, dict) and set(value) == set(i18n.LANGUAGE_CODES)


def flatten(record: dict) -> dict[str, str]:
    """One CSV row from one API record."""
    row: dict[str, str] = {}
    for name, value in record.items():
        if _is_per_language(value):
            for code, item in value.items():
                text = item["text"] if isinstance(item, dict) else item
                column = "text_state" if name == "text_states" else name
                row[f"{'url' if name == 'urls' else column}_{code}"] = text or ""
        elif isinstance(value, dict) and "precision" in value:
            row[name], row[f"{name}_precision"] = value["value"], value["precision"]
        elif name == "source" and isinstance(value, dict):
            row["source"], row["source_locator"] = value["file_name"], value["locator"]
        elif isinstance(value, dict):
            row[name] = "; ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list):
            row[name] = "; ".join(str(v) for v in value if not isinstance(v, dict))
        elif name == "urls" and value is None:
            row.update({f"url_{code}": "" for code in i18n.LANGUAGE_CODES})
        else:
            row[name] = "" if value is None else str(value)
    return row


def columns_of(serializer) -> list[str]:
    """The CSV columns of a serializer's records, in its field order (also with no rows)."""
    codes = i18n.LANGUAGE_CODES
    columns = []
    for name, field in serializer.fields.items():
        if isinstance(field, TranslatedField):
            columns += [f"{name}_{code}" for code in codes]
        elif isinstance(field, TextStatesField):
            columns += [f"text_state_{code}" for code in codes]
        elif isinstance(field, PageUrlsField):
            columns += [f"url_{code}" for code in codes]
        elif isinstance(field, PartialDateField):
            columns += [name, f"{name}_precision"]
        elif isinstance(field, SourceField):
            columns += ["source", "source_locator"]
        else:
            columns.append(name)
    return columns


def csv_text(records: list[dict], columns: list[str] | None = None) -> str:
    """The records as CSV text, starting with a BOM and the header."""
    if columns is None:
        columns = list(dict.fromkeys(c for r in records for c in flatten(r)))
    out = io.StringIO()
    out.write(BOM)
    csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n").writeheader()
    return out.getvalue() + csv_rows(records, columns)


def csv_rows(records: list[dict], columns: list[str]) -> str:
    """CSV lines of some records, without a header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writerows(flatten(r) for r in records)
    return out.getvalue()


def download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_text(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1)


if TYPE_CHECKING:
    # The viewsets this mixes into (DRF ships no types, so to mypy it is Any).
    from rest_framework.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object


class ExportMixin(_ViewBase):
    """``export.csv`` and ``export.json`` beside a list: every filtered record, no pages.

    Routed by ``portal.api.urls`` (``<list>/export.csv``, without a trailing slash).
    """

    #: Extra views beside the list: (URL suffix, method name, URL name suffix).
    list_downloads: tuple[tuple[str, str, str], ...] = (
        ("export.csv", "export_csv", "export-csv"),
        ("export.json", "export_json", "export-json"),
    )

    def planned(self):
        """A context in which the list's queries run (the search's planner settings)."""
        return nullcontext()

    def _export_name(self, extension):
        return f"{self.basename}.{extension}"

    def _export(self, extension, head, chunk_text, tail):
        """Build the file in memory (ETag, 304) or, past STREAM_ROWS records, stream it."""
        with self.planned():
            queryset = self.filter_queryset(self.get_queryset())
            count = queryset.count()
            if count <= STREAM_ROWS:
                records = self.get_serializer(queryset, many=True).data
                text = head(count) + (chunk_text(records, True) if records else "") + tail
                return download(text, TYPES[extension], self._export_name(extension))

        def pieces():
            yield head(count)
            with self.planned():
                for number, records in enumerate(self._chunks(queryset)):
                    yield chunk_text(records, number == 0)
            yield tail

        response = StreamingHttpResponse(pieces(), content_type=TYPES[extension])
        response["Content-Disposition"] = f'attachment; filename="{self._export_name(extension)}"'
        return response

    def _chunks(self, queryset):
        """The records' API form, CHUNK_ROWS at a time (related rows prefetched per chunk)."""
        batch = []
        for record in queryset.iterator(chunk_size=CHUNK_ROWS):
            batch.append(record)
            if len(batch) == CHUNK_ROWS:
                yield self.get_serializer(batch, many=True).data
                batch = []
        if batch:
            yield self.get_serializer(batch, many=True).data

    @extend_schema(
        filters=True,
        responses={(200, "text/csv"): OpenApiResponse(description="Every filtered record.")},
    )
    def export_csv(self, request, *args, **kwargs):
        """The filtered list as CSV: one column per language for translated fields."""
        columns = columns_of(self.get_serializer())
        return self._export(
            "csv",
            lambda count: csv_text([], columns),
            lambda records, first: csv_rows(records, columns),
            "",
        )

    @extend_schema(
        filters=True,
        responses={(200, "application/json"): OpenApiResponse(description="Every record.")},
    )
    def export_json(self, request, *args, **kwargs):
        """The filtered list as one JSON document: ``count`` and every record."""

        def chunk(records, first):
            text = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
            return text if first else ",\n" + text

        return self._export(
            "json", lambda count: f'{{"count": {count}, "results": [\n', chunk, "\n]}\n"
        )
