"""Bundles whose keys, seals or signatures are wrong, against a real coordinator workspace: each
is refused whole, with a reason a person can act on, and the workspace keeps every byte."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest

from exports.bundle.archive import BundleRefused
from exports.bundle.format import FORMAT_NAME, MANIFEST
from exports.bundle.group_keys import KeysHere
from exports.bundle.reader import read_bundle
from tests.bundle_damage import Member, pack


@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("audience", [[], {}, ["coordinator"], {"coordinator": 1}])
def test_a_manifest_whose_audience_is_no_text_is_refused(tmp_path: Path, version: int, audience: Any) -> None:
    manifest = {
        "format": FORMAT_NAME,
        "version": version,
        "bundle_id": str(uuid.uuid4()),
        "created_at": "2026-11-27T12:00:00.000+00:00",
        "source": {"workspace_id": str(uuid.uuid4())},
        "audience": audience,
    }
    path = tmp_path / "bundle.mebundle"
    path.write_bytes(pack([Member(MANIFEST, orjson.dumps(manifest))]))
    with pytest.raises(BundleRefused, match="no audience"):
        read_bundle(path, KeysHere({}))
