"""ITPM_SIMILARITY picks the method; anything but semantic or lexical stops start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from itpm.settings import env_choice
from itpm.similarity import Method, configured_method


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ITPM_")}
    clean.update({"ITPM_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "itpm.settings", **env})
    code = "import django; django.setup(); from django.conf import settings; print(settings.ITPM_SIMILARITY)"
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60)


def test_semantic_is_the_default(tmp_path: Path) -> None:
    assert _settings(tmp_path).stdout.strip() == "semantic"
    assert _settings(tmp_path, ITPM_SIMILARITY=" Lexical ").stdout.strip() == "lexical"


def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    result = _settings(tmp_path, ITPM_SIMILARITY="fuzzy")
    assert result.returncode != 0
    assert "ITPM_SIMILARITY must be one of semantic, lexical; got 'fuzzy'" in result.stderr


def test_env_choice_refuses_values_outside_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITPM_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="ITPM_X must be one of a, b"):
        env_choice("ITPM_X", "a", ("a", "b"))


def test_configured_method_follows_the_setting(settings: Any) -> None:
    settings.ITPM_SIMILARITY = "lexical"
    assert configured_method() is Method.LEXICAL
    settings.ITPM_SIMILARITY = "semantic"
    assert configured_method() is Method.SEMANTIC
