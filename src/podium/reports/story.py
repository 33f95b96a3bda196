"""The part of a press release that people write: a Markdown file with YAML front matter.

    ---
    headline: Small steps forward for the Bäckman’s
    lede: The siblings Andreas and Jessica Bäckman competed last weekend ...
    photos:
      - {file: aragon.jpg, caption: ..., credit: FIA WTCR, rights: Free rights to use the image}
    quotes:
      - {id: andreas-steps, by: Andreas Bäckman, text: We took small steps forward ...}
    press_photos: {note: Free rights to use the images., links: [https://...]}
    standings: [drivers, trophy, junior, teams]
    names: {series: WTCR, classifications: {drivers: ...}}
    ---
    {{ quote: andreas-steps }}

    MotorLand Aragón, also known as the Circuito de Alcañiz, ...

    ## Tough weekend with some positives

The body is paragraphs and `#` headings; a line `{{ quote: ID }}` places a quote, and
`{{ next.time_until }}`, `{{ andreas.qualifying.place | ordinal }}` and the other facts of
podium.reports.facts are filled from the season data (podium.reports.placeholders;
docs/press-kit.md). Reading checks everything it can without the season; the facts and the
classification names are checked when the kit is assembled.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError
from podium.files.folder import Folder, Outside, is_file, read_text
from podium.files.schemacheck import schema_problems
from podium.files.yamlsrc import LineDict, field_name, load_yaml_text, locate
from podium.model.links import link_problem
from podium.reports.photos import problem as photo_problem

QUOTE_LINE = re.compile(r"^\{\{\s*quote:\s*([A-Za-z0-9_.-]+)\s*\}\}$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


@dataclass(frozen=True, slots=True)
class Text:
    """A text as written, with the place it was written at (for messages)."""

    value: str
    line: int | None
    field: str


@dataclass(frozen=True, slots=True)
class StoryPhoto:
    file: Path | None
    url: str | None
    caption: Text | None
    credit: str | None
    rights: str | None


@dataclass(frozen=True, slots=True)
class StoryQuote:
    id: str
    by: str
    text: Text


@dataclass(frozen=True, slots=True)
class BodyPart:
    kind: str  # heading, paragraph, quote (text: the quote's id)
    text: Text
    level: int = 2


@dataclass(frozen=True, slots=True)
class Story:
    path: Path
    headline: Text | None = None
    lede: Text | None = None
    photos: tuple[StoryPhoto, ...] = ()
    quotes: dict[str, StoryQuote] = field(default_factory=dict)
    body: tuple[BodyPart, ...] = ()
    press_photos_note: Text | None = None
    press_photos: tuple[str, ...] = ()
    series_name: str | None = None
    classification_names: dict[str, Text] = field(default_factory=dict)
    standings: tuple[Text, ...] | None = None  # classification ids, in the order printed

    @property
    def name(self) -> str:
        return str(self.path)


def story_schema() -> dict[str, Any]:
    text = resources.files("podium").joinpath("schemas/story.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_story(path: str | Path) -> Story:
    """Read a story file; ValidationError lists every problem as file:line: field: message."""
    path = Path(path)
    name = str(path)
    text = read_text(path, name)  # a regular file only, and not too much of it
    lines = text.splitlines()
    front: Any = LineDict()
    body_start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise ValidationError([Problem(name, 1, "-", "front matter has no closing ---")])
        # A blank first line keeps the YAML's line numbers those of the file.
        front = load_yaml_text("\n" + "\n".join(lines[1:end]) + "\n", name)
        if front is None:
            front = LineDict()
        body_start = end + 1
    if not isinstance(front, LineDict):
        raise ValidationError([Problem(name, 2, "-", "the front matter must be a mapping")])
    problems = schema_problems(story_schema(), front, (name, 1))
    if problems:
        raise ValidationError(problems)
    body, body_problems = _body(lines, body_start, name)
    problems += body_problems

    def text_at(path: list[Any]) -> Text | None:
        value: Any = front
        for step in path:
            if isinstance(value, dict):
                value = value.get(step)
            elif isinstance(value, list) and isinstance(step, int) and step < len(value):
                value = value[step]
            else:
                value = None
        if value is None:
            return None
        return Text(str(value).strip(), locate(front, path, (name, 1))[1], field_name(path))

    photos = []
    for i, spec in enumerate(front.get("photos") or []):
        file = None
        if spec.get("file"):
            line = locate(front, ["photos", i, "file"], (name, 1))[1]
            try:
                # A photo is embedded in what the kit sends out: never one from elsewhere.
                file = Folder(path.parent).inside(str(spec["file"]), path.parent)
            except Outside as exc:
                file = None
                why = f"must be in the story's folder: {exc}"
                problems.append(Problem(name, line, f"photos[{i}].file", why))
            if file is not None and not is_file(file):
                problems.append(
                    Problem(name, line, f"photos[{i}].file", f"no such file: {spec['file']}")
                )
            elif file is not None and (unreadable := photo_problem(file)):
                problems.append(
                    Problem(name, line, f"photos[{i}].file", f"{spec['file']}: {unreadable}")
                )
        if spec.get("url") is not None and (message := link_problem(spec["url"])):
            line = locate(front, ["photos", i, "url"], (name, 1))[1]
            problems.append(Problem(name, line, f"photos[{i}].url", message))
        photos.append(
            StoryPhoto(
                file=file,
                url=spec.get("url"),
                caption=text_at(["photos", i, "caption"]),
                credit=spec.get("credit"),
                rights=spec.get("rights"),
            )
        )
    quotes: dict[str, StoryQuote] = {}
    for i, spec in enumerate(front.get("quotes") or []):
        ident = str(spec["id"])
        if ident in quotes:
            line = locate(front, ["quotes", i, "id"], (name, 1))[1]
            problems.append(Problem(name, line, f"quotes[{i}].id", f"quote {ident!r} twice"))
        text_field = text_at(["quotes", i, "text"])
        assert text_field is not None  # required by the schema
        quotes[ident] = StoryQuote(ident, str(spec["by"]), text_field)
    placed = [part.text.value for part in body if part.kind == "quote"]
    for part in body:
        if part.kind == "quote" and part.text.value not in quotes:
            known = f"known: {', '.join(quotes)}" if quotes else "none in the front matter"
            problems.append(
                Problem(name, part.text.line, "body", f"no quote {part.text.value!r} ({known})")
            )
    # Quotes the body does not place follow the lede, in the order written.
    unplaced = [BodyPart("quote", Text(q, None, "quotes")) for q in quotes if q not in placed]
    press = front.get("press_photos") or {}
    # The links reach every format of the kit: a `javascript:` one would run when clicked.
    for i, link in enumerate(press.get("links") or ()):
        if message := link_problem(link):
            line = locate(front, ["press_photos", "links", i], (name, 1))[1]
            problems.append(Problem(name, line, f"press_photos.links[{i}]", message))
    names = front.get("names") or {}
    classification_names = {
        str(cid): written
        for cid in (names.get("classifications") or {})
        if (written := text_at(["names", "classifications", cid])) is not None
    }
    standings = None
    if front.get("standings") is not None:
        standings = tuple(
            Text(str(cid), locate(front, ["standings", i], (name, 1))[1], f"standings[{i}]")
            for i, cid in enumerate(front["standings"])
        )
    if problems:
        raise ValidationError(problems)
    return Story(
        path=path,
        headline=text_at(["headline"]),
        lede=text_at(["lede"]),
        photos=tuple(photos),
        quotes=quotes,
        body=(*unplaced, *body),
        press_photos_note=text_at(["press_photos", "note"]),
        press_photos=tuple(str(link) for link in press.get("links") or ()),
        series_name=names.get("series"),
        classification_names=classification_names,
        standings=standings,
    )


def _body(lines: list[str], start: int, name: str) -> tuple[list[BodyPart], list[Problem]]:
    """Paragraphs (lines up to a blank line), headings and quote lines of the body."""
    parts: list[BodyPart] = []
    problems: list[Problem] = []
    paragraph: list[str] = []
    first = 0

    def close() -> None:
        if paragraph:
            # Lines kept apart until the placeholders are filled: a problem names its line.
            text = "\n".join(s.strip() for s in paragraph)
            parts.append(BodyPart("paragraph", Text(text, first, "body")))
            paragraph.clear()

    for i in range(start, len(lines)):
        line = lines[i].strip()
        number = i + 1
        heading = HEADING.match(line)
        quote = QUOTE_LINE.match(line)
        if not line:
            close()
        elif heading:
            close()
            parts.append(
                BodyPart("heading", Text(heading[2], number, "body"), level=len(heading[1]))
            )
        elif quote:
            close()
            parts.append(BodyPart("quote", Text(quote[1], number, "body")))
        elif line.startswith("{{") and "quote" in line:
            problems.append(Problem(name, number, "body", "a quote is placed as {{ quote: ID }}"))
        else:
            if not paragraph:
                first = number
            paragraph.append(line)
    close()
    return parts, problems
