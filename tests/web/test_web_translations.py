"""The web pages speak Bahasa Indonesia by default and English on request; the catalogue is complete and compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.test import Client

import cakupan.web

CATALOGUE = Path(cakupan.web.__file__).parent / "locale" / "id" / "LC_MESSAGES"


def test_every_message_is_translated_and_compiled() -> None:
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def compiled_text(e: polib.POEntry) -> str:
        if e.msgid_plural:
            return compiled.ngettext(e.msgid, e.msgid_plural, 1)
        return compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid)

    stale = [
        e.msgid
        for e in po.translated_entries()
        if compiled_text(e) != (e.msgstr_plural[0] if e.msgid_plural else e.msgstr)
    ]
    assert stale == [], "run `make messages` to recompile django.mo"


@pytest.mark.django_db
def test_indonesian_by_default_and_english_switchable() -> None:
    client = Client()
    # An English browser still gets Bahasa Indonesia until the user picks English.
    page = client.get("/masuk/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "Nama pengguna" in page and ">English</button>" in page
    response = client.post("/bahasa/", {"language": "en", "next": "/masuk/"}, follow=True)
    page = response.content.decode()
    assert "User name" in page and '<html lang="en">' in page
    client.post("/bahasa/", {"language": "id", "next": "/masuk/"})
    assert "Kata sandi" in client.get("/masuk/").content.decode()


_AFTER_TRANSLATION = re.compile(r'\{%\s*translate\s+"([^"]+)"\s*%\}\s*\(([^)]+)\)')


def test_a_glossary_term_is_not_repeated_after_its_own_translation() -> None:
    """``{% translate "Compliance meetings" %} (Rapat Kepatuhan)`` reads "Rapat Kepatuhan (Rapat Kepatuhan)" in
    Bahasa Indonesia: a term in brackets belongs inside the msgid, translated without it."""
    po = polib.pofile(str(CATALOGUE / "django.po"))
    indonesian = {e.msgid: e.msgstr for e in po.translated_entries()}
    templates = Path(cakupan.web.__file__).parent / "templates"
    repeated = [
        f"{path.relative_to(templates)}: {indonesian[msgid]} ({term})"
        for path in sorted(templates.rglob("*.html"))
        for msgid, term in _AFTER_TRANSLATION.findall(path.read_text(encoding="utf-8"))
        if term.strip().lower() in indonesian.get(msgid, msgid).lower()
    ]
    doubled = [e.msgstr for e in po.translated_entries() if re.search(r"(\b[\w ]{4,}\b) \(\1\)", e.msgstr)]
    assert repeated == [] and doubled == []
