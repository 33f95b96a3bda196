"""The web pages in a real browser: Debian's Chromium driven by Playwright, against a podium
server on loopback. Pages load, links work, the numbers are the library's, a phone can read
them, and a screenshot is saved.

Chromium is Debian's `/usr/bin/chromium` (`.ci/run` installs it); Playwright never
downloads a browser here. Without Chromium the tests are skipped, except under CI (CI=true),
where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from webkit import LiveServer, fill, served

CHROMIUM = os.environ.get("PODIUM_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--no-first-run",
]

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


def _need_chromium() -> None:
    if Path(CHROMIUM).is_file() or shutil.which(CHROMIUM):
        return
    message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'podium.sqlite3'}"
    fill(url, f1=False)
    with served(url) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    _need_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_from_home_to_the_drivers_leader(page: Page) -> None:
    p = page
    p.goto("/")
    assert "Championships" in p.locator("h1").inner_text()
    p.get_by_role("link", name="WTCR - FIA World Touring Car Cup").click()
    p.get_by_role("link", name="2021", exact=True).first.click()
    assert p.url.endswith("/wtcr/2021")
    p.locator(".after").get_by_role("link", name="2", exact=True).click()
    assert p.url.endswith("/wtcr/2021?after=2")
    p.locator(".after").get_by_role("link", name="3", exact=True).click()
    leader = p.locator("section#drivers table.standings tbody tr").first
    assert leader.locator("td.name").inner_text() == "Jean-Karl Vernay"
    assert leader.locator("td.pts").inner_text() == "82"
    assert leader.get_attribute("data-competitor") == "jean-karl-vernay"
    # the round-by-round points: 39 + 22 + 21
    assert leader.locator("td.round").all_inner_texts() == ["39", "22", "21"]
    chart = p.locator("section#drivers svg.chart")
    assert chart.locator("polyline").count() == 8
    assert p.locator("section#teams td.name").first.inner_text() == "Cyan Racing Lynk & Co"
    assert p.locator("script").count() == 0


def test_round_driver_and_team_pages_link_up(page: Page) -> None:
    p = page
    p.goto("/wtcr/2021")
    p.locator("section#drivers thead").get_by_role("link", name="R3").click()
    assert p.url.endswith("/wtcr/2021/3")
    assert p.locator("h1").inner_text() == "WTCR Race of Spain"
    sessions = p.locator("section.session").evaluate_all("els => els.map(e => e.dataset.session)")
    assert sessions[-2:] == ["race1", "race2"]
    race1 = p.locator("section#race1 tbody tr").first
    assert race1.locator("td").nth(2).inner_text() == "Gabriele Tarquini"
    assert race1.locator("td").last.inner_text() == "25"
    p.locator("section#race2").get_by_role("link", name="Jean-Karl Vernay").click()
    assert p.url.endswith("/wtcr/2021/drivers/jean-karl-vernay")
    standing = p.locator("table.profile-standings tbody tr").first
    assert standing.locator("td").all_inner_texts()[1:3] == ["1", "82"]
    p.get_by_role("link", name="Engstler Hyundai N Liqui Moly Racing Team").first.click()
    assert p.url.endswith("/wtcr/2021/teams/engstler-hyundai")
    assert "Luca Engstler" in p.locator("main").inner_text()


def test_every_link_of_the_pages_works(page: Page) -> None:
    p = page
    checked: set[str] = set()
    for start in ("/", "/wtcr/2021", "/club/2025", "/wtcr/2021/3", "/club/2025/3"):
        p.goto(start)
        hrefs = p.locator("a[href^='/']").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        for href in sorted(set(hrefs) - checked):
            response = p.request.get(href.split("#")[0])
            assert response.status == 200, (start, href, response.status)
            checked.add(href)
    assert len(checked) > 60


def test_dropped_scores_are_marked(page: Page) -> None:
    p = page
    p.goto("/club/2025")
    row = p.locator("section#drivers tr[data-competitor]").first
    assert row.locator("td.name").inner_text() == "Callum Reddish"
    dropped = row.locator("td.round.dropped")
    assert dropped.all_inner_texts() == ["(12)"]
    assert dropped.get_attribute("title") == "dropped score"


def test_readable_on_a_phone_and_a_screenshot(
    browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    p = context.new_page()
    try:
        p.goto("/wtcr/2021")
        # nothing wider than the screen but the scrolling table boxes
        width = p.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        font = p.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 14
        assert p.locator("meta[name=viewport]").count() == 1
        shot = tmp_path / "wtcr-2021-phone.png"
        p.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 20_000
        desktop = tmp_path / "wtcr-2021-round-3.png"
        p.set_viewport_size({"width": 1280, "height": 900})
        p.goto("/wtcr/2021/3")
        p.screenshot(path=str(desktop))
        assert desktop.stat().st_size > 20_000
    finally:
        context.close()


def test_missing_pages_say_so(page: Page) -> None:
    p = page
    response = p.goto("/wtcr/2030")
    assert response.status == 404
    assert "no season wtcr/2030" in p.locator(".error-detail").inner_text()
    assert p.goto("/wtcr/2021/drivers/nobody").status == 404
    assert p.goto("/wtcr/2021/xyz").status == 404
