"""What an uploaded file really is (by its content, not its name: ``cakupan.ingest.readers.file_kind``, the
checks every reader makes), and an upload handler that stops storing a file once it passes the size limit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import IO, Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from cakupan.core.problems import Language
from cakupan.ingest.readers import FileKind, UnreadableFile, file_kind


class UploadRefused(Exception):
    """The upload cannot be used; the message (already in the user's language) says why."""


def upload_kind(path: Path, file_name: str, language: Language = "id") -> FileKind:
    """``"csv"`` or ``"xlsx"`` for an upload stored at ``path`` under the name the user gave it (``file_name``);
    UploadRefused, with the reader's message, when its bytes are not what that name promises."""
    try:
        return file_kind(path, name=file_name)
    except UnreadableFile as exc:
        raise UploadRefused(exc.problem.message(language)) from exc


def sheet_names(path: Path) -> list[str]:
    """The worksheet names of an XLSX file, in order (empty when they cannot be read)."""
    import fastexcel

    try:
        return list(fastexcel.read_excel(path).sheet_names)
    except Exception:  # fastexcel has its own error hierarchy; reading the sheet reports the problem properly
        return []


class SizeLimitHandler(FileUploadHandler):
    """Stop keeping an uploaded file once it passes ``limit`` bytes; the view then says it is too large.

    Installed in front of Django's handlers, it passes chunks on until the limit and then skips the file, so a
    1 GB upload never lands on disk."""

    def __init__(self, limit: int, request: Any = None) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload_store(upload: IO[bytes], target: Path) -> tuple[str, int]:
    """Copy an uploaded file to ``target`` (readable by its owner only); returns its SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while block := upload.read(1 << 20):
            digest.update(block)
            out.write(block)
            size += len(block)
    target.chmod(0o600)
    return digest.hexdigest(), size
