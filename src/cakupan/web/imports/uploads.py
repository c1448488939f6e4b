"""What an uploaded file really is (by its content, not its name: ``cakupan.ingest.readers.file_kind``, the
checks every reader makes), and the upload handler that holds every page's uploads to that page's size limit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import Resolver404, resolve
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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


# The pages that take a file, and the setting holding the largest upload each accepts (bytes, all files of one
# request together; documented in docs/configuration.md). Every other page takes no file at all.
UPLOAD_LIMITS: dict[str, str] = {
    "imports:upload": "CAKUPAN_MAX_UPLOAD_BYTES",
    "linkage:file-upload": "CAKUPAN_MAX_UPLOAD_BYTES",
    "enrolment:batch-reconcile": "CAKUPAN_MAX_ANSWER_UPLOAD_BYTES",
}
MB = 1024 * 1024


def upload_limit(view_name: str | None) -> int:
    """The largest upload the page ``view_name`` (a URL name, "app:name") accepts; 0 for a page without one."""
    setting = UPLOAD_LIMITS.get(view_name or "")
    return int(getattr(settings, setting)) if setting else 0


def largest_request_bytes() -> int:
    """The largest request body the WSGI server lets through: the largest upload, plus room for the form's other
    fields (DATA_UPLOAD_MAX_MEMORY_SIZE) and the multipart framing. Each page's own limit is checked below."""
    return max(upload_limit(name) for name in UPLOAD_LIMITS) + int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _view_name(request: Any) -> str | None:
    if request is None:
        return None
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return str(match.view_name)


class UploadGate(FileUploadHandler):
    """The first of FILE_UPLOAD_HANDLERS: counts the bytes of the files of a request as they arrive and stops the
    whole upload once they pass the page's limit (``UPLOAD_LIMITS``; a page without an upload takes none).

    It raises StopUpload before the chunk that crosses the limit reaches the handlers that store it, so nothing
    past the limit is kept in memory or on disk, the part already stored is deleted, and the rest of the body
    is not even read (``connection_reset``). The view finds the gate with ``upload_gate(request)`` and, when it
    is ``exceeded``, shows ``message()``; the request's files are then empty."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = upload_limit(_view_name(request))
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def message(self) -> str:
        """What the page says, in the active language (Indonesian unless the user chose English)."""
        exact = self.limit % MB == 0
        limit = str(self.limit // MB) if exact else number_format(round(self.limit / MB, 2))
        return _("The file is larger than the limit of %(limit)s MB. Split it into smaller files.") % {
            "limit": limit
        }


def upload_gate(request: Any) -> UploadGate:
    """The request's UploadGate (FILE_UPLOAD_HANDLERS); one that lets nothing through if settings lack it."""
    for handler in request.upload_handlers:
        if isinstance(handler, UploadGate):
            return handler
    raise ImproperlyConfigured("FILE_UPLOAD_HANDLERS must start with cakupan.web.imports.uploads.UploadGate")


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
