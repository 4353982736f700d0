"""The screens in another language: run with ``FACILITATOR_TEST_LANGUAGE=fi`` (or ``sv``), as
``tests/test_languages.py`` does. In English every check here would pass for nothing, so it refuses."""

from __future__ import annotations

import pytest

from facilitator.i18n import language

if language() == "en":
    raise pytest.UsageError("tests/languages checks a translation: set FACILITATOR_TEST_LANGUAGE to fi or sv")
