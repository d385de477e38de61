"""The documentation site, built offline, opened in headless Chromium.

Builds `_site/` with smalldocs from the notebooks (the same `_quarto.yml` Quarto reads),
then loads the root page and every module page and checks that each has its title, that
every figure decodes, that every formula is typeset by KaTeX, and that nothing is fetched
from outside the machine.
"""
import json
import re
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


# one worker runs this file's tests, so its module fixture is made once (pytest-xdist, --dist loadgroup)
pytestmark = pytest.mark.xdist_group("docs")

@pytest.fixture(scope="module")
def site():
    "The built site: rendered here, unless CI's docs step has just rendered this checkout (it says so in RWW_OPT_DOCS_BUILT)."
    if os.environ.get("RWW_OPT_DOCS_BUILT") != str(ROOT) or not (ROOT / "_site" / "index.html").exists():
        smalldocs = Path(sys.executable).with_name("smalldocs")
        subprocess.run([str(smalldocs), "render", "--quiet", "."], cwd=ROOT, check=True)
    return ROOT / "_site"


def _pages(site):
    "`(page, notebook)` for every page the site must have: the root index and one per notebook under nbs/."
    pages = [(site / "pages" / "index.html", ROOT / "nbs" / "index.ipynb")]
    for nb in sorted((ROOT / "nbs").rglob("*.ipynb")):
        rel = nb.relative_to(ROOT / "nbs")
        if rel == Path("index.ipynb") or any(part.startswith((".", "_")) for part in rel.parts): continue
        pages.append((site / "pages" / rel.parent / f"{re.sub(r'^[0-9]+[a-z]?_', '', nb.stem)}.html", nb))
    return pages


def _has_math(nb):
    return any(c["cell_type"] == "markdown" and "$" in "".join(c["source"]) for c in json.loads(nb.read_text())["cells"])


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_site_pages_render_offline(site, tmp_path):
    from playwright.sync_api import sync_playwright
    pages = _pages(site)
    assert (site / "index.html").exists() and all(p.exists() for p, _ in pages), sorted(site.rglob("*.html"))
    outside = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(tmp_path, executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto((site / "index.html").as_uri())
        page.wait_for_url("**/pages/index.html", timeout=10_000)  # the root page leads to the docs index
        for html, nb in pages:
            page.goto(html.as_uri()); page.wait_for_load_state("load")
            title = page.title()
            h1 = page.evaluate("document.querySelector('h1') && document.querySelector('h1').innerText")
            assert "rww_opt" in title and h1, f"{html.name}: title {title!r}, h1 {h1!r}"
            sizes = page.evaluate("Array.from(document.images).map(i => [i.src.slice(0, 60), i.complete, i.naturalWidth])")
            assert all(ok and w > 0 for _, ok, w in sizes), f"{html.name}: broken images {sizes}"
            if html.stem != "index" and _has_math(nb):
                page.wait_for_function("document.querySelectorAll('.katex').length > 0", timeout=10_000)
                errors = page.evaluate("document.querySelectorAll('.katex-error').length")
                assert errors == 0, f"{html.name}: {errors} formulas failed to typeset"
        browser.close()
    assert not outside, f"pages requested resources from outside the machine: {sorted(set(outside))[:10]}"


def test_pages_have_figures(site):
    "Pages of notebooks that draw figures keep them (outputs saved, images embedded)."
    for html, nb in _pages(site):
        cells = json.loads(nb.read_text())["cells"]
        n_png = sum("image/png" in o.get("data", {}) for c in cells if c["cell_type"] == "code" for o in c["outputs"])
        assert html.read_text().count("<img") >= n_png, f"{nb.name} has {n_png} figures, its page fewer"
