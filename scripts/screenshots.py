"""Take the README screenshots: the landing page, a story chapter and the calculator.

Starts the app on a free port, opens each page in Norwegian in headless Chromium at
1280 × 800 and writes PNGs to docs/img/. Run from the repository root:

    .venv/bin/python scripts/screenshots.py            # all three
    .venv/bin/python scripts/screenshots.py --lang en  # English, same file names
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser._app import (  # noqa: E402  (needs ROOT on sys.path first)
    launch_chromium,
    new_context,
    open_page,
    running_server,
    url_path,
    wait_for_app,
)
from ui import frame  # noqa: E402

OUT = ROOT / "docs" / "img"


@dataclass(frozen=True)
class Shot:
    pages: tuple[str, ...]  # the pages to try; the first that exists wins
    query: str = ""  # extra query parameters
    show_chart: bool = False  # scroll so the first chart is fully in view


SHOTS: dict[str, Shot] = {
    "home": Shot(("home",)),
    "story": Shot(("mentor", "push", "myth"), show_chart=True),
    # Mats's plan, so the KPIs show their change against the status quo.
    "calculator": Shot(("calculator",), query="&preset=catalyst"),
}

_SCROLL_TO_CHART = """
() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
    if (!main || !chart) return 0;
    const box = chart.getBoundingClientRect();
    const overflow = box.bottom + 24 - window.innerHeight;
    if (overflow > 0) main.scrollBy(0, Math.min(overflow, box.top - 16));
    return overflow;
}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="nb", choices=("nb", "en"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    available = {p.key: p for p in frame.PAGES}
    args.out.mkdir(parents=True, exist_ok=True)
    missing = 0
    with running_server() as server, sync_playwright() as driver:
        browser = launch_chromium(driver)
        try:
            for name, shot in SHOTS.items():
                info = next((available[k] for k in shot.pages if k in available), None)
                if info is None:
                    print(f"screenshots: skipped {name}: none of {shot.pages} exists yet")
                    missing += 1
                    continue
                context = new_context(browser, locale="nb-NO" if args.lang == "nb" else "en-US")
                page = context.new_page()
                path = f"/{url_path(info.path)}?lang={args.lang}{shot.query}"
                open_page(page, server.base_url + path)
                if shot.show_chart:
                    page.evaluate(_SCROLL_TO_CHART)
                    wait_for_app(page)
                if page.locator('[data-testid="stException"]').count():
                    print(f"screenshots: {info.key} shows an exception", file=sys.stderr)
                    missing += 1
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target))
                print(f"screenshots: {target.relative_to(ROOT)} <- {path}")
                context.close()
        finally:
            browser.close()
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
