"""The upload form every import page shares: a new file, or the one held from the check."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from .shelf import HeldUpload


class UploadForm(forms.Form):
    """A file to check or import; or, once checked, the file held from the check. Subclasses
    declare ``file`` (with their label and help), their options, and ``max_bytes``."""

    max_bytes: ClassVar[int]
    asks_for: ClassVar[str] = "a file"  # what "Choose …" asks for when there is none

    def __init__(self, *args: Any, held: HeldUpload | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size is not None and upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"This file is larger than {self.max_bytes // (1024 * 1024)} MB; split it into smaller files."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and self.held is None and "file" not in self.errors:
            self.add_error("file", f"Choose {self.asks_for}.")
        return cleaned

    def options(self) -> dict[str, Any]:
        """The import's options, by the import function's argument names: every field but the file."""
        return {name: value for name, value in self.cleaned_data.items() if name != "file"}

    def source(self) -> tuple[str, bytes]:
        """The chosen file's name and bytes: a new upload wins over the held one."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.name or "upload", upload.read(self.max_bytes + 1)
        assert self.held is not None  # clean() insists on one or the other
        return self.held.name, self.held.content


def valid_only_field(noun: str = "row") -> forms.BooleanField:
    """The box that imports the valid rows (or items) and skips the rest."""
    return forms.BooleanField(
        required=False,
        label=f"Import the valid {noun}s only",
        help_text=f"Otherwise nothing is imported while any {noun} has an error.",
    )
