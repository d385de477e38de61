"""Quarto/smalldocs post-render step: make the built site work offline and give it a root page.

- KaTeX (formulas) is vendored from the npm registry's tarball into `site_libs/katex/`
  and every page's CDN reference is rewritten to it;
- `@import` of web fonts (Google Fonts) is removed from the themes' CSS, so the system fonts
  are used and no page fetches anything from outside;
- `index.html` at the root redirects to `pages/index.html`.
"""
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_site")
KATEX_CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/katex@([\d.]+)/dist")


def vendor_katex(version: str) -> Path:
    "Unpack `katex@version`'s dist folder into `site_libs/katex` (kept across builds in `.cache/`)."
    dest = SITE / "site_libs" / "katex"
    cache = ROOT / ".cache" / f"katex-{version}.tgz"
    if not cache.exists():
        cache.parent.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", f"katex@{version}", "--silent"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            shutil.move(next(Path(tmp).glob("katex-*.tgz")), cache)
    if dest.exists(): shutil.rmtree(dest)
    with tarfile.open(cache) as t, tempfile.TemporaryDirectory() as tmp:
        t.extractall(tmp, members=[m for m in t.getmembers() if m.name.startswith("package/dist/")], filter="data")
        shutil.copytree(Path(tmp) / "package" / "dist", dest)
    return dest


def localise_pages():
    versions = set()
    for page in SITE.rglob("*.html"):
        html = page.read_text()
        found = KATEX_CDN.findall(html)
        if not found: continue
        versions.update(found)
        rel = os.path.relpath(SITE / "site_libs" / "katex", page.parent)
        page.write_text(KATEX_CDN.sub(rel, html))
    for v in versions: vendor_katex(v)


def strip_web_fonts():
    for css in (SITE / "site_libs").rglob("*.css"):
        text = css.read_text()
        new = re.sub(r"@import url\((?:\"|')?https://fonts\.googleapis\.com[^)]*\);?", "", text)
        if new != text: css.write_text(new)


def root_redirect():
    (SITE / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>rww_opt</title>'
        '<meta http-equiv="refresh" content="0; url=pages/index.html">'
        '<a href="pages/index.html">rww_opt documentation</a>\n')


if __name__ == "__main__":
    localise_pages()
    strip_web_fonts()
    if not (SITE / "index.html").exists(): root_redirect()
