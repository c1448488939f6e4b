"""The documentation is checked against the code: layouts, commands, glossary, configuration, links, quick start,
roles and permissions, demo logins.

Pure tests: files and imports only, no database.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cakupan.cli import main
from cakupan.core.access import ROLE_LABELS, ROLE_PERMISSIONS, Permission, Role
from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.readers import read_table
from cakupan.ingest.schemas import LAYOUTS, Layout
from cakupan.ingest.source_rules import validate_layout
from cakupan.web.accounts.services import DEMO_LOGINS

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
README = REPO / "README.md"
MARKDOWN = [README, *sorted(DOCS.glob("*.md"))]

_FENCE = re.compile(r"^```[^\n]*\n.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")
_ENV_READ = re.compile(
    r"""os\.(?:environ\.get|environ\.setdefault|getenv)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""
    r"""|os\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]"""
)
_MAKE_ENV = re.compile(r"\$\$?\{([A-Z_][A-Z0-9_]*)")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _without_code(text: str) -> str:
    """Markdown with fenced code blocks blanked out (a `# comment` in a shell block is no heading).

    Every character keeps its offset, so positions found here index the original text too."""
    return _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _section(text: str, title: str) -> str:
    """The body under the first heading whose title contains ``title``, up to the next heading of its level."""
    headings = list(_HEADING.finditer(_without_code(text)))
    for i, heading in enumerate(headings):
        if title in heading.group(2):
            level = len(heading.group(1))
            end = next((h.start() for h in headings[i + 1 :] if len(h.group(1)) <= level), len(text))
            return text[heading.end() : end]
    raise AssertionError(f"no heading containing {title!r}")


def _tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in ``text`` as rows of stripped cells, header first, separator row dropped."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*_without_code(text).splitlines(), ""]:
        match = _TABLE_ROW.match(line.strip())
        if match:
            cells = [c.strip() for c in match.group(1).split("|")]
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def _unquote(cell: str) -> str:
    return cell.strip().strip("`").strip()


def _slug(title: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", "", title).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _layout_section(source: str) -> str:
    return _section(_read(DOCS / "file-layouts.md"), f"(`{source}`)")


def _column_table(layout: Layout) -> list[list[str]]:
    tables = _tables(_layout_section(layout.source))
    assert tables, f"no table for layout {layout.source}"
    header, *rows = tables[0]
    assert [h.lower() for h in header[:3]] == ["no", "kolom", "wajib"], header
    return rows


# (a) every layout column is documented, in order, and nothing else is


@pytest.mark.parametrize("source", sorted(LAYOUTS))
def test_layout_table_lists_every_column_in_order(source: str) -> None:
    layout = LAYOUTS[source]
    rows = _column_table(layout)
    assert [_unquote(r[1]) for r in rows] == list(layout.names)
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert [r[2] for r in rows] == ["wajib" if c.required else "opsional" for c in layout.columns]
    for row in rows:
        assert all(cell for cell in row), f"{source}: empty cell in the row of {row[1]}"


@pytest.mark.parametrize("source", sorted(LAYOUTS))
def test_layout_table_names_every_choice(source: str) -> None:
    layout = LAYOUTS[source]
    rows = {_unquote(r[1]): r for r in _column_table(layout)}
    for column in layout.columns:
        for choice in column.choices:
            assert f"`{choice}`" in rows[column.name][-1], f"{source}.{column.name}: {choice} not documented"


def test_file_layouts_document_no_other_layout() -> None:
    text = _without_code(_read(DOCS / "file-layouts.md"))
    documented = {m.group(1) for m in re.finditer(r"^##\s+.*\(`([a-z-]+)`\)\s*$", text, re.MULTILINE)}
    assert documented == set(LAYOUTS)


@pytest.mark.parametrize("source", sorted(LAYOUTS))
def test_layout_example_is_valid(source: str, tmp_path: Path) -> None:
    """The example rows of each layout pass the validator without a single problem."""
    layout = LAYOUTS[source]
    examples = re.findall(r"^```csv\n(.*?)^```", _layout_section(source), re.MULTILINE | re.DOTALL)
    assert len(examples) == 1, f"{source}: expected one ```csv example"
    path = tmp_path / "contoh.csv"
    path.write_text(examples[0], encoding="utf-8")
    frame = read_table(path)
    assert tuple(frame.columns) == layout.names
    result = validate_layout(frame, layout, regions=RegionIndex.of(load_province("13")))
    assert [(p.row, p.column, p.problem.code) for p in result.problems] == []
    assert result.valid.height == result.rows_total >= 2


# (b) every CLI subcommand is documented


@pytest.mark.parametrize("command", sorted(main.commands))
def test_cli_subcommand_is_documented(command: str) -> None:
    readme_rows = [" ".join(row) for table in _tables(_read(README)) for row in table]
    assert any(f"`cakupan {command}" in row for row in readme_rows), (
        f"{command} not in README's command table"
    )
    guides = _read(DOCS / "panduan.md") + _read(DOCS / "architecture.md")
    assert re.search(rf"\bcakupan {re.escape(command)}\b", guides), (
        f"{command} not in panduan or architecture"
    )


# (c) glossary


def _glossary_terms() -> dict[str, str]:
    text = _without_code(_read(DOCS / "glossary.md"))
    headings = list(re.finditer(r"^(#{2,3})\s+(.+?)\s*$", text, re.MULTILINE))
    terms: dict[str, str] = {}
    for i, heading in enumerate(headings):
        if heading.group(1) != "###":
            continue
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        assert heading.group(2) not in terms, f"glossary term twice: {heading.group(2)}"
        terms[heading.group(2)] = text[heading.end() : end].strip()
    return terms


def test_every_glossary_term_is_explained() -> None:
    terms = _glossary_terms()
    assert terms
    empty = [term for term, body in terms.items() if not body]
    assert empty == []


@pytest.mark.parametrize("term", ["UCJ", "BPU", "nagari", "DTSEN"])
def test_glossary_has_term(term: str) -> None:
    assert any(re.search(rf"\b{re.escape(term)}\b", heading) for heading in _glossary_terms())


# (d) configuration


def _code_files() -> list[Path]:
    """Where a documented variable may be read: the package, the Makefile, CI, scripts and benchmarks."""
    return [
        *sorted((REPO / "src").rglob("*.py")),
        REPO / "Makefile",
        REPO / ".ci" / "run",
        *sorted((REPO / "scripts").rglob("*.py")),
        *sorted((REPO / "benchmarks").rglob("*.py")),
    ]


def _documented_variables() -> set[str]:
    names: set[str] = set()
    for table in _tables(_read(DOCS / "configuration.md")):
        if table[0][0].lower() != "variable":
            continue
        names.update(_unquote(row[0]) for row in table[1:])
    return names


def test_configuration_documents_variables() -> None:
    names = _documented_variables()
    assert {"DATABASE_URL", "CAKUPAN_DATA_DIR", "CAKUPAN_SECRET_KEY"} <= names
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", n) for n in names), names


def test_every_documented_variable_is_read_by_the_code() -> None:
    code = "\n".join(_read(p) for p in _code_files() if p.is_file())
    unknown = sorted(n for n in _documented_variables() if not re.search(rf"\b{n}\b", code))
    assert unknown == []


def test_every_cakupan_variable_mentioned_anywhere_in_the_docs_exists() -> None:
    code = "\n".join(_read(p) for p in _code_files() if p.is_file())
    mentioned = {m for path in MARKDOWN for m in re.findall(r"\bCAKUPAN_[A-Z0-9_]+\b", _read(path))}
    assert sorted(m for m in mentioned if not re.search(rf"\b{m}\b", code)) == []
    assert mentioned <= _documented_variables()


def test_every_variable_the_code_reads_is_documented() -> None:
    read: set[str] = set()
    for path in [*sorted((REPO / "src").rglob("*.py")), *sorted((REPO / "scripts").rglob("*.py"))]:
        read.update(a or b for a, b in _ENV_READ.findall(_read(path)))
    for path in (REPO / "Makefile", REPO / ".ci" / "run"):
        if path.is_file():
            read.update(_MAKE_ENV.findall(_read(path)))
    assert sorted(read - _documented_variables()) == []


# (e) links


def _links(path: Path) -> list[str]:
    return _LINK.findall(_without_code(_read(path)))


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_resolve(path: Path) -> None:
    broken = []
    for target in _links(path):
        if _SCHEME.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(target)
            continue
        if anchor and linked.suffix == ".md":
            anchors = {_slug(h.group(2)) for h in _HEADING.finditer(_without_code(_read(linked)))}
            if anchor not in anchors:
                broken.append(target)
    assert broken == []


def test_readme_links_every_document() -> None:
    linked = {Path(t.partition("#")[0]).as_posix() for t in _links(README)}
    assert {f"docs/{p.name}" for p in DOCS.glob("*.md")} <= linked


# (f) README's quick start


def test_quick_start_is_two_commands() -> None:
    section = _section(_read(README), "Quick start")
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1
    commands = [line.split("#", 1)[0].strip() for line in blocks[0].splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]


def test_every_make_target_is_documented() -> None:
    phony = re.search(r"^\.PHONY:(.*)$", _read(REPO / "Makefile"), re.MULTILINE)
    assert phony is not None
    table = _table_headed(_section(_read(DOCS / "development.md"), "Make targets"), "target")
    documented = {row[0].strip("`").removeprefix("make ") for row in table[1:]}
    assert documented == set(phony.group(1).split())


# (g) roles, permissions and demo logins


def _table_headed(text: str, first: str) -> list[list[str]]:
    """The first table in ``text`` whose header starts with the cell ``first``."""
    found = [table for table in _tables(text) if table[0][0].lower() == first]
    assert found, f"no table headed {first!r}"
    return found[0]


def _roles_section() -> str:
    return _section(_read(DOCS / "architecture.md"), "Roles and permissions")


def test_role_table_equals_role_labels() -> None:
    rows = _table_headed(_roles_section(), "role")[1:]
    documented = {_unquote(row[0]): row[1] for row in rows}
    assert documented == {role.value: label for role, label in ROLE_LABELS.items()}


def test_permission_table_equals_role_permissions() -> None:
    header, *rows = _table_headed(_roles_section(), "permission")
    roles = [Role(_unquote(cell)) for cell in header[2:]]
    assert sorted(roles) == sorted(Role), "one column per role"
    marks = {cell for row in rows for cell in row[2:]}
    assert marks <= {"✓", "—"}, f"cells must be ✓ or —, not {marks - {'✓', '—'}}"
    documented: dict[Role, set[Permission]] = {role: set() for role in roles}
    for row in rows:
        permission = Permission(_unquote(row[0]))
        assert row[1], f"{permission}: say what it allows"
        for role, cell in zip(roles, row[2:], strict=True):
            if cell == "✓":
                documented[role].add(permission)
    assert [Permission(_unquote(row[0])) for row in rows] == list(Permission), (
        "one row per permission, in order"
    )
    assert documented == {role: set(permissions) for role, permissions in ROLE_PERMISSIONS.items()}


_REGION_CODE = re.compile(r"`(\d{2}(?:\.\d{2}){0,2}(?:\.\d{4})?)`")


@pytest.mark.parametrize(
    ("path", "first"), [(README, "user"), (DOCS / "panduan.md", "nama pengguna")], ids=["README", "panduan"]
)
def test_demo_login_table_equals_demo_logins(path: Path, first: str) -> None:
    rows = _table_headed(_read(path), first)[1:]
    documented = [
        (_unquote(row[0]), _unquote(row[1]), row[2], tuple(_REGION_CODE.findall(row[3]))) for row in rows
    ]
    assert documented == [(d.username, d.password, d.label, d.regions) for d in DEMO_LOGINS]
    assert all(row[4] for row in rows), "say what each demo user sees"


def test_header_variants_table_matches_the_code() -> None:
    from cakupan.ingest.headers import SYNONYMS

    text = (REPO / "docs" / "file-layouts.md").read_text(encoding="utf-8")
    documented = {}
    for line in text.split("| nama baku | variasi yang dikenali |")[1].split("\n\n")[0].splitlines()[2:]:
        name, variants = (cell.strip() for cell in line.strip("|").split("|"))
        documented[name.strip("`")] = tuple(v.strip().strip("`") for v in variants.split(","))
    assert documented == SYNONYMS
