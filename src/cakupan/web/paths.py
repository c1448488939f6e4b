"""Where Cakupan keeps its files: CAKUPAN_DATA_DIR, or the user's data directory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    """``$CAKUPAN_DATA_DIR``, else ``$XDG_DATA_HOME/cakupan``, else ``~/.local/share/cakupan``; created if absent."""
    configured = os.environ.get("CAKUPAN_DATA_DIR")
    if configured:
        path = Path(configured)
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "cakupan"
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """``$CAKUPAN_SECRET_KEY``, else a random key kept in the data directory (made once, readable by owner only)."""
    configured = os.environ.get("CAKUPAN_SECRET_KEY")
    if configured:
        return configured
    key_file = data_dir() / "secret_key"
    if not key_file.exists():
        # Written whole under a temporary name, then linked into place: two processes starting together (the
        # web app and its worker, or test workers) never read a half-written key, and the first one's key wins.
        draft = key_file.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()
