"""The production entry point tunes the garbage collector once the application is loaded
(docs/benchmarks.md: the timeline served 1.2 req/s without it, 2.0 with it), unless told not to."""

from __future__ import annotations

import os
import subprocess
import sys


def _collector_after_loading(tuning: str) -> tuple[str, int]:
    environment = {**os.environ, "ITPM_GC_TUNING": tuning, "DJANGO_SETTINGS_MODULE": "itpm.settings"}
    code = "import gc, itpm.wsgi; print(gc.get_threshold()[0], gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    threshold, frozen = out.stdout.split()
    return threshold, int(frozen)


def test_the_collector_runs_less_often_and_leaves_start_up_objects_alone() -> None:
    threshold, frozen = _collector_after_loading("1")
    assert threshold == "50000"
    assert frozen > 10_000


def test_the_tuning_can_be_turned_off() -> None:
    threshold, frozen = _collector_after_loading("0")
    assert threshold != "50000"
    assert frozen == 0
