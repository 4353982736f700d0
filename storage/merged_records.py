"""Records saved into a copy of a stored table, as the imports that replace files at once need
them (:mod:`storage.roster_import`, :mod:`storage.coding_import`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from storage.codec import to_document


def merged_table(stored: Mapping[str, Any], records: Iterable[Any]) -> dict[str, Any]:
    """A copy of the ``stored`` table (document id -> document) with each record in it: in place of
    the document with its ``id``, else under the next document id. The stored table itself is never
    changed: it changes only when its file has."""
    table = dict(stored)
    doc_ids = {str(document.get("id")): doc_id for doc_id, document in table.items()}
    next_id = max((int(doc_id) for doc_id in table), default=0) + 1
    for record in records:
        doc_id = doc_ids.get(record.id)
        if doc_id is None:
            doc_id, next_id = str(next_id), next_id + 1
        table[doc_id] = to_document(record)
    return table
