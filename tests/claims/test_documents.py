"""The documents checklist: the shipped file loads, a broken file names itself, any text is parsed or refused."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cakupan.claims import Checklist, ClaimError, EventKind, checklist
from cakupan.claims.documents import PATH, parse_checklist

SHIPPED = PATH.read_text(encoding="utf-8")


def test_the_shipped_checklist_loads() -> None:
    shipped = checklist()
    assert isinstance(shipped, Checklist) and set(shipped.events) == set(EventKind)
    for kind in EventKind:
        codes = [d.code for d in shipped.required(kind, scholarship=False)]
        assert codes and len(codes) == len(set(codes)) and "kartu_peserta" in codes
    for document in shipped.labels.values():
        assert document.indonesian and document.english and document.indonesian != document.english
    assert "akta_kematian" in [d.code for d in shipped.required(EventKind.DEATH, scholarship=False)]
    assert "laporan_kk_1" in [d.code for d in shipped.required(EventKind.WORK_DEATH, scholarship=False)]


def test_the_scholarship_adds_its_documents() -> None:
    shipped = checklist()
    without = shipped.required(EventKind.DEATH, scholarship=False)
    with_school = shipped.required(EventKind.DEATH, scholarship=True)
    assert with_school[: len(without)] == without
    assert [d.code for d in with_school[len(without) :]] == ["keterangan_sekolah"]


def test_missing_lists_what_is_not_ticked_in_order() -> None:
    shipped = checklist()
    every = {d.code for d in shipped.required(EventKind.DEATH, scholarship=True)}
    assert shipped.missing(EventKind.DEATH, every, scholarship=True) == ()
    left = shipped.missing(EventKind.DEATH, every - {"kk", "keterangan_sekolah"}, scholarship=True)
    assert [d.code for d in left] == ["kk", "keterangan_sekolah"]
    assert shipped.missing(EventKind.DEATH, set(), scholarship=False) == shipped.required(
        EventKind.DEATH, scholarship=False
    )


def _broken(change: str) -> ClaimError:
    data = yaml.safe_load(SHIPPED)
    if change == "typo key":
        data["scholarships"] = data.pop("scholarship")
    elif change == "unknown event":
        data["events"]["illness"] = ["kartu_peserta"]
    elif change == "unknown document":
        data["events"]["death"].append("surat_lurah")
    elif change == "missing event":
        del data["events"]["work_accident"]
    elif change == "label typo":
        data["documents"]["kk"] = {"id": "Kartu Keluarga", "english": "Family card"}
    with pytest.raises(ClaimError) as caught:
        parse_checklist(yaml.safe_dump(data), file="dokumen-cabang.yaml")
    return caught.value


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("typo key", "scholarship"),
        ("unknown event", "illness"),
        ("unknown document", "dokumen tak dikenal ['surat_lurah']"),
        ("missing event", "peristiwa tanpa daftar ['work_accident']"),
        ("label typo", "english"),
    ],
)
def test_a_broken_file_is_refused_naming_the_file(change: str, words: str) -> None:
    error = _broken(change)
    assert str(error).startswith("Berkas daftar dokumen dokumen-cabang.yaml")
    assert error.english.startswith("Documents file dokumen-cabang.yaml")
    assert words in str(error)


@pytest.mark.parametrize("text", ["", "a", "[1, 2]", "documents: {}", ": :", "!!python/object:os.system {}"])
def test_text_that_is_not_a_checklist_is_refused(text: str) -> None:
    with pytest.raises(ClaimError, match="tidak sah"):
        parse_checklist(text)


@given(st.text(max_size=200))
def test_any_text_is_a_checklist_or_a_claim_error(text: str) -> None:
    try:
        result = parse_checklist(text)
    except ClaimError as error:
        assert str(error).startswith("Berkas daftar dokumen documents.yaml")
        return
    assert isinstance(
        result, Checklist
    )  # pragma: no cover - arbitrary text is very unlikely to be a checklist


LINES = st.sampled_from(SHIPPED.splitlines())


@given(st.lists(LINES, max_size=30), st.text(max_size=20))
def test_shuffled_lines_of_the_real_file_are_a_checklist_or_a_claim_error(
    lines: list[str], noise: str
) -> None:
    try:
        result = parse_checklist("\n".join(lines) + noise)
    except ClaimError:
        return
    assert isinstance(result, Checklist)
    for kind in EventKind:
        assert all(d.code in result.labels for d in result.required(kind, scholarship=True))
