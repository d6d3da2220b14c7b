"""`build.py check` on the example site's own repository: no published 嘉兴 record deleted or moved."""

from __future__ import annotations

import pytest
from factory import ROOT
from test_history import check


def test_the_real_repository_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, errors = check(ROOT, capsys)
    if "did not run" in out:
        pytest.skip("the project is not a full git checkout here")
    assert (code, errors) == (0, []), errors
    assert "no published record deleted or moved: compared with" in out
