"""Hostile data in what podium writes: links from data are http(s) or mailto only (season
page, press-kit HTML, DOCX, Markdown), names are text in Markdown and HTML, and CSV cells
that a spreadsheet would read as a formula are neutralised.

The season's names are hostile but valid; its unsafe links are refused when it is read,
so the outputs are made from a copy carrying them anyway, as a season stored in a database
before links were checked would.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

import podium
from podium.cli import render
from podium.errors import ValidationError
from podium.model.links import PATTERN, link_problem, safe_link, safe_links
from podium.model.season import Season
from podium.reports import load_story, press_kit, write_press_kit
from podium.reports.kit import Photo, PressKit, PressPhotos
from podium.reports.markup import escape
from podium.storage import Database
from podium.web import create_app
from seasonkit import write_season

SCRIPT = "<script>alert(1)</script>"
MD_LINK = "[x](javascript:alert(1))"
FORMULA = '=HYPERLINK("http://x")'
TEAM = "@SUM(1)"
MATHS = "$\\frac{1$"  # mathtext would fail on this in a PNG
NAMES = {"a": FORMULA, "b": SCRIPT, "c": MD_LINK, "d": MATHS}
UNSAFE = {
    "results": "javascript:alert(1)",
    "spaced": " JavaScript:alert(1)",
    "tabbed": "java\tscript:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "relative": "results.html",
}
SAFE = {"press": "mailto:press@example.com", "official": "https://example.com"}
RULES = {
    "scales": {"race": [10, 6, 4, 3]},
    "classifications": {
        "drivers": {
            "name": "Drivers",
            "competitor": "driver",
            "scoring": [{"session": "race", "points": "race"}],
        },
        "teams": {
            "name": "Teams",
            "competitor": "team",
            "scoring": [{"session": "race", "points": "race"}],
        },
    },
}
ENTRIES = [
    {"car": 1, "drivers": "a", "team": "t"},
    {"car": 2, "drivers": "b", "team": "t"},
    {"car": 3, "drivers": "c", "team": "u"},
    {"car": 4, "drivers": "d", "team": "u"},
]
RESULTS = {
    1: {"race": [1, {"position": 2, "car": 2, "gap": "+1.880"}, 3, 4]},
    2: {"race": [3, 1, 2, 4]},
}


def hostile_folder(folder: Path, links: dict[str, str]) -> Path:
    return write_season(
        folder,
        rules=RULES,
        entries=ENTRIES,
        results=RESULTS,
        drivers=[{"id": k, "name": v} for k, v in NAMES.items()],
        teams=[{"id": "t", "name": TEAM}, {"id": "u", "name": "U <b>Team</b>"}],
        links=links,
    )


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Season:
    """The hostile season, with the unsafe links it could only have got from a database."""
    folder = hostile_folder(tmp_path_factory.mktemp("hostile"), SAFE)
    loaded = podium.load_season(folder)
    return dataclasses.replace(loaded, links={**UNSAFE, "standings": UNSAFE["results"], **SAFE})


# -- the one rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "https:example.com",  # no //host: a relative link in disguise
        "https://",
        "mailto:",
        "https://exa mple.com",
        "https://example.com/\x00x",
        "results.html",
        "//evil.example.com/x",
        "",
        "   ",
    ],
)
def test_safe_link_refuses(url: str) -> None:
    assert safe_link(url) is None
    assert link_problem(url) == f"{url!r} is not an http(s) or mailto link"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com", "https://example.com"),
        ("HTTP://EXAMPLE.COM/a?b=c&d=(e)", "HTTP://EXAMPLE.COM/a?b=c&d=(e)"),
        ("mailto:press@example.com", "mailto:press@example.com"),
        (" https://example.com\n", "https://example.com"),  # what a browser reads
    ],
)
def test_safe_link_keeps_web_and_mail_links(url: str, kept: str) -> None:
    assert safe_link(url) == kept


def test_relative_links_only_where_asked_for() -> None:
    assert safe_link("photo.jpg") is None
    assert safe_link("photo.jpg", relative=True) == "photo.jpg"
    assert safe_link("javascript:alert(1)", relative=True) is None
    assert safe_links({**UNSAFE, **SAFE}) == SAFE


def test_the_schema_pattern_is_the_same_rule() -> None:
    text = resources.files("podium").joinpath("schemas/season.schema.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["properties"]["links"]["additionalProperties"]["pattern"] == PATTERN
    for url in [*UNSAFE.values(), "https:x", "mailto:"]:
        assert re.search(PATTERN, url) is None, url
    for url in SAFE.values():
        assert re.search(PATTERN, url) is not None


# -- at the edge: reading refuses them --------------------------------------------------------


def test_season_yaml_links_are_refused_with_file_line_and_field(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path, {**SAFE, **UNSAFE})
    with pytest.raises(ValidationError) as caught:
        podium.load_season(folder)
    lines = (folder / "season.yaml").read_text("utf-8").splitlines()
    problems = {p.field: p for p in caught.value.problems}
    for name in UNSAFE:
        problem = problems[f"links.{name}"]
        assert problem.file == str(folder / "season.yaml")
        assert problem.line is not None and lines[problem.line - 1].lstrip().startswith(name)
    assert not {f"links.{name}" for name in SAFE} & set(problems)


def test_story_links_are_refused_with_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\nheadline: Hi\n"
        "photos:\n  - {url: 'javascript:alert(1)', caption: A}\n"
        "press_photos:\n  links:\n    - https://example.com/photos\n    - ' JavaScript:x'\n"
        "---\nText.\n",
        "utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        load_story(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4: photos[0].url: 'javascript:alert(1)' is not an http(s) or mailto link",
        f"{path}:8: press_photos.links[1]: ' JavaScript:x' is not an http(s) or mailto link",
    ]


# -- the press kit -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kit(season: Season) -> PressKit:
    made = press_kit(season, round=2, entries=["1", "2", "3"])
    assert made.standings[0].link == "https://example.com"  # `standings` was unsafe: next
    # Renderers check again: a kit built by hand (or by an older podium) may carry anything.
    standings = tuple(dataclasses.replace(b, link=UNSAFE["results"]) for b in made.standings)
    return dataclasses.replace(
        made,
        standings=standings,
        photos=(Photo(caption="A photo", credit_line=None, file=None, url=UNSAFE["spaced"]),),
        press_photos=PressPhotos(
            note=None,
            heading="Download press-photos here:",
            links=(*UNSAFE.values(), *SAFE.values()),
        ),
    )


@pytest.fixture(scope="module")
def written(kit: PressKit, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = write_press_kit(kit, tmp_path_factory.mktemp("kit"), ["all"])
    return {p.name: p for p in paths}


class _Page(HTMLParser):
    """The links, picture sources, script tags and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.targets += [v or "" for k, v in attrs if k in ("href", "src")]

    def handle_data(self, data: str) -> None:
        self.text += data


def page_of(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def assert_only_safe_targets(targets: list[str], files: set[str]) -> None:
    for target in targets:
        assert target in files or target.startswith("/") or safe_link(target) == target, target


def test_the_kit_itself_holds_no_unsafe_link(season: Season) -> None:
    made = press_kit(season, round=2, entries=["1"])
    assert {b.link for b in made.standings} == {"https://example.com"}


def test_html_has_no_unsafe_link_and_names_are_text(written: dict[str, Path]) -> None:
    html = written["press-kit.html"].read_text("utf-8")
    page = page_of(html)
    assert "script" not in page.tags and "b" not in page.tags
    assert_only_safe_targets(page.targets, set(written))
    assert "javascript" not in " ".join(page.targets).lower()
    assert {"mailto:press@example.com", "https://example.com"} <= set(page.targets)
    for name in (SCRIPT, MD_LINK, FORMULA, TEAM):
        assert name in page.text


def test_docx_has_no_unsafe_hyperlink(written: dict[str, Path]) -> None:
    path = written["press-kit.docx"]
    document = Document(str(path))
    targets = [
        rel.target_ref
        for rel in document.part.rels.values()
        if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
    ]
    assert targets and set(targets) <= {"https://example.com", "mailto:press@example.com"}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                assert b"javascript" not in archive.read(name).lower(), name
    text = "\n".join(p.text for p in document.paragraphs)
    assert FORMULA in text and SCRIPT in text and MD_LINK in text


def test_markdown_shows_the_names_as_text(written: dict[str, Path]) -> None:
    source = written["press-kit.md"].read_text("utf-8")
    # As a permissive viewer would: raw HTML let through.
    html = MarkdownIt("commonmark", {"html": True}).render(source)
    page = page_of(html)
    assert "script" not in page.tags and "b" not in page.tags
    assert 'href="javascript' not in html.lower()
    assert_only_safe_targets(page.targets, set(written))
    for name in (SCRIPT, MD_LINK, FORMULA, TEAM, "U <b>Team</b>"):
        assert name in page.text, name
    assert "<mailto:press@example.com>" in source and "<https://example.com>" in source


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("# Not a heading", "# Not a heading"),
        ("- not a list", "- not a list"),
        ("1. not a list", "1. not a list"),
        ("a\n# b", "a # b"),
        ("&lt;b&gt; &amp; Lynk & Co", "&lt;b&gt; &amp; Lynk & Co"),
        ("a | b ~~c~~ `d` *e* _f_", "a | b ~~c~~ `d` *e* _f_"),
        ("Bäckman, Cupra Leon Competición", "Bäckman, Cupra Leon Competición"),
    ],
)
def test_escaped_text_renders_as_itself(text: str, shown: str) -> None:
    html = MarkdownIt("commonmark", {"html": True}).render(escape(text))
    page = page_of(html)
    assert page.tags == ["p"], html
    assert page.text.strip() == shown
    assert escape("Bäckman, Cupra Leon Competición") == "Bäckman, Cupra Leon Competición"


def test_a_round_name_filled_into_a_story_is_text(season: Season, tmp_path: Path) -> None:
    rounds = tuple(
        dataclasses.replace(r, name=MD_LINK) if r.number == 2 else r for r in season.rounds
    )
    odd = dataclasses.replace(season, rounds=rounds)
    story = tmp_path / "story.md"
    story.write_text("---\nheadline: At {{ round.name }}\n---\nWe were at {{ round.name }}.\n")
    made = press_kit(odd, round=2, entries=["1"], story=story)
    html = write_press_kit(made, tmp_path / "out", ["html"])[0].read_text("utf-8")
    page = page_of(html)
    assert "javascript" not in " ".join(page.targets)
    assert f"We were at {MD_LINK}." in page.text


# -- CSV -----------------------------------------------------------------------------------


def test_standings_csv_neutralises_text_cells(season: Season) -> None:
    tables = [podium.standings(season, cid) for cid in ("drivers", "teams")]
    rows = list(csv.DictReader(io.StringIO(render.standings_csv(tables))))
    names = {r["id"]: r["name"] for r in rows}
    assert names["a"] == "'" + FORMULA
    assert names["t"] == "'" + TEAM
    assert names["b"] == SCRIPT  # not a formula: as it is
    assert all(re.fullmatch(r"-?[0-9/]+", r["points_exact"]) for r in rows)


def test_results_csv_neutralises_text_but_not_numbers_or_gaps(season: Season) -> None:
    session = season.round(1).sessions[0]
    rows = list(csv.DictReader(io.StringIO(render.results_csv(season, 1, session))))
    assert rows[0]["drivers"] == "'" + FORMULA
    assert rows[0]["team"] == "'" + TEAM
    assert rows[1]["gap"] == "+1.880"
    assert [r["position"] for r in rows] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+1 lap", "'+1 lap"),
        ("-cmd", "'-cmd"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("+1.880", "+1.880"),
        ("1:23.456", "1:23.456"),
        ("Ann = fast", "Ann = fast"),
        (None, ""),
    ],
)
def test_text_cell(cell: str | None, written: str) -> None:
    assert render.text_cell(cell) == written


# -- the web -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(season: Season, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'podium.sqlite3'}"
    with Database(url) as database:
        database.import_season(season)
    with TestClient(create_app(url, refresh=None)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "path", ["/test/2025", "/test/2025/1", "/test/2025/drivers/b", "/test/2025/teams/t"]
)
def test_pages_have_no_unsafe_link_and_names_are_text(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    page = page_of(response.text)
    assert "script" not in page.tags and "b" not in page.tags
    assert_only_safe_targets(page.targets, set())
    assert SCRIPT in page.text


def test_the_season_page_lists_only_safe_links(client: TestClient) -> None:
    page = page_of(client.get("/test/2025").text)
    external = [t for t in page.targets if not t.startswith("/")]
    assert sorted(external) == sorted(SAFE.values())


def test_the_season_json_carries_only_safe_links(client: TestClient) -> None:
    season = client.get("/api/v1/series/test/seasons/2025").json()
    assert season["links"] == SAFE


def test_links_in_a_storys_prose_are_checked_in_html_and_docx(
    season: Season, tmp_path: Path
) -> None:
    """The prose is the author's Markdown, kept as written in the .md; rendered to HTML and
    DOCX, a link or picture is kept only when http(s), mailto or relative (markdown-it on its
    own lets `data:image/...` and `tel:` through)."""
    story = tmp_path / "story.md"
    story.write_text(
        "---\nheadline: Hi\n---\n"
        "[a](javascript:alert(1)) [b](data:image/png;base64,AAAA) ![c](data:image/png;base64,AA)"
        " [d](tel:123) [e](results.html) [f](https://example.com/f)\n",
        "utf-8",
    )
    made = press_kit(season, round=2, entries=["1"], story=story)
    paths = {p.name: p for p in write_press_kit(made, tmp_path / "out", ["html", "docx"])}
    page = page_of(paths["press-kit.html"].read_text("utf-8"))
    prose = [t for t in page.targets if t != "https://example.com"]  # not the standings link
    assert prose == ["results.html", "https://example.com/f"]
    document = Document(str(paths["press-kit.docx"]))
    hyperlinks = {
        rel.target_ref
        for rel in document.part.rels.values()
        if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
    }
    assert {"results.html", "https://example.com/f"} <= hyperlinks
    assert not any(t.startswith(("javascript", "data", "tel")) for t in hyperlinks)


def test_every_picture_is_written_whatever_the_names(written: dict[str, Path]) -> None:
    # A name like `$\frac{1$` is text on a card, not mathtext that stops the kit.
    assert {"standings-drivers.png", "standings-teams.png", "points.png"} <= set(written)
