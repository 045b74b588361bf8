import json
import os
from pathlib import Path

import pytest

RESULTS = Path(os.environ.get("BENCH_RESULTS", "test-artifacts/bench"))


@pytest.fixture
def report():
    """Prints a benchmark's figures and keeps them as JSON under test-artifacts/bench/."""

    def _report(name: str, figures: dict) -> None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
        print(f"\n[bench] {name}: " + json.dumps(figures, ensure_ascii=False))

    return _report
