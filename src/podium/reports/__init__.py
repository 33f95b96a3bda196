"""Press kits: the generated parts of a press release (results, standings, next event) from
season data, merged with what people write, in any language podium has a catalog for, as
Markdown, HTML, DOCX and PNG.

    >>> import podium
    >>> from podium.reports import press_kit, write_press_kit
    >>> season = podium.load_season(podium.example_path("wtcr-2021"))
    >>> kit = press_kit(season, round=3, entries=["Andreas Bäckman", "Jessica Bäckman"])
    >>> kit.results[0].lines()[:2]
    ['Andreas’ results:', 'Free Practice 1: 21st place']
    >>> paths = write_press_kit(kit, "out", ["md", "html"])  # doctest: +SKIP
"""

from podium.reports.assemble import press_kit, series_release
from podium.reports.i18n import languages
from podium.reports.kit import PressKit
from podium.reports.story import Story, load_story
from podium.reports.write import FORMATS, write_press_kit

__all__ = [
    "FORMATS",
    "PressKit",
    "Story",
    "languages",
    "load_story",
    "press_kit",
    "series_release",
    "write_press_kit",
]
