"""Press kit speed: prints figures, asserts nothing (targets: under 1 s for one kit in all
formats; under 10 s on 2 cores for every driver of a round in every language and format).

    python benchmarks/press_kit.py

WTCR 2021 round 3 for the two Bäckmans, with the example story, in every language:
assembling the kit (standings of the four classifications, the history behind the chart,
the story), then writing Markdown, HTML, DOCX and the PNGs (four standings cards and the
points chart). The first run includes importing matplotlib, python-docx and Jinja2; the
others are what a running service (or a second kit from the same process) pays.

Then the press office's weekend: a kit for every driver of round 3 (22), in every language
(5), in every format, charts included: 110 kits from one loaded season, on one core and on
two (a process each, half the drivers each).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import podium
from podium.reports import languages, press_kit, write_press_kit
from podium.reports.select import round_entries

ENTRIES = ("Andreas Bäckman", "Jessica Bäckman")
RUNS = 5


def story_for(lang: str) -> Path:
    folder = podium.example_path("wtcr-2021") / "stories"
    story = folder / f"round-3-backman.{lang}.md"
    return story if story.is_file() else folder / "round-3-backman.md"


def all_formats(season: podium.Season, lang: str, out: Path) -> tuple[float, float]:
    """Seconds to assemble the kit, and to write every format of it."""
    started = time.perf_counter()
    kit = press_kit(season, round=3, entries=ENTRIES, lang=lang, story=story_for(lang))
    assembled = time.perf_counter() - started
    began = time.perf_counter()
    write_press_kit(kit, out, ["all"])
    return assembled, time.perf_counter() - began


def main() -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        assembled, written = all_formats(season, "en", out)
        print(
            f"en, first run (importing matplotlib, python-docx, Jinja2 included): kit "
            f"{assembled * 1000:.0f} ms + all formats {written * 1000:.0f} ms = "
            f"{(assembled + written) * 1000:.0f} ms"
        )
        for lang in languages():
            runs = [all_formats(season, lang, out) for _ in range(RUNS)]
            kit = statistics.median(a for a, _ in runs)
            files = statistics.median(w for _, w in runs)
            total = statistics.median(a + w for a, w in runs)
            print(
                f"{lang}, median of {RUNS}: kit {kit * 1000:.0f} ms + all formats "
                f"{files * 1000:.0f} ms = {total * 1000:.0f} ms (target < 1000 ms)"
            )
        kit_en = press_kit(season, round=3, entries=ENTRIES, story=story_for("en"))
        alone = []
        for fmt in ("png", "md", "html", "docx"):
            times = []
            for _ in range(RUNS):
                began = time.perf_counter()
                write_press_kit(kit_en, out / fmt, [fmt])
                times.append(time.perf_counter() - began)
            alone.append(f"{fmt} {statistics.median(times) * 1000:.0f} ms")
        print(f"en, each format alone (median of {RUNS}): {', '.join(alone)}")
    every_driver()


def kits_for(drivers: list[str], out: str) -> tuple[int, float]:
    """Every kit of `drivers` at round 3 in every language and format: how many, and the
    CPU seconds they took (on a machine shared with other work the wall clock says more
    about the others than about podium)."""
    season = podium.load_season(podium.example_path("wtcr-2021"))
    began = time.process_time()
    made = 0
    for driver in drivers:
        for lang in languages():
            kit = press_kit(season, round=3, entries=[driver], lang=lang)
            write_press_kit(kit, Path(out) / driver, ["all"])
            made += 1
    return made, time.process_time() - began


def every_driver() -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    drivers = [c.drivers[0] for c in round_entries(season, 3)]
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        made, cpu = kits_for(drivers, tmp)
        one = time.perf_counter() - began
        print(
            f"every driver of round 3 ({len(drivers)}) x {len(languages())} languages, all "
            f"formats: {made} kits in {one:.1f} s on one core ({one / made * 1000:.0f} ms a "
            f"kit; CPU {cpu:.1f} s, {cpu / made * 1000:.0f} ms a kit)"
        )
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(2) as pool:
        began = time.perf_counter()
        halves = [drivers[::2], drivers[1::2]]
        done = list(pool.map(kits_for, halves, [tmp, tmp]))
        two = time.perf_counter() - began
        made = sum(n for n, _ in done)
        busiest = max(c for _, c in done)
        print(
            f"the same on two cores (two processes, loading the season included): {made} "
            f"kits in {two:.1f} s (target < 10 s; CPU of the busier process {busiest:.1f} s)"
        )


if __name__ == "__main__":
    main()
