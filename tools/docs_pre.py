"""Quarto/smalldocs pre-render step: process the notebooks for the site and regenerate README.md.

nbdev processes `nbs/*.ipynb` into `_proc/` (export cells hidden, `show_doc` rendered,
the H1 and summary turned into front matter). Quarto never renders folders whose name
starts with `_`, so the processed notebooks are copied to `pages/` with their number
prefix dropped (`00_data.ipynb` -> `pages/data.ipynb`), which both Quarto and smalldocs
render to the same URLs. README.md is written from the processed index notebook.
"""
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def process():
    "Run nbdev's notebook processing into `_proc/` (no Quarto needed for this step)."
    import nbdev.doclinks
    from nbdev.serve import proc_nbs
    nbdev.doclinks._build_modidx()
    return proc_nbs(str(ROOT / "nbs"), n_workers=0)


def page_name(nb: Path) -> str:
    return re.sub(r"^\d+[a-z]?_", "", nb.name)


def copy_pages(proc: Path, dest: Path):
    "Copy processed notebooks to `dest`, renamed, with `output-file` dropped from the front matter."
    if dest.exists(): shutil.rmtree(dest)
    for nb in sorted(proc.rglob("*.ipynb")):
        if any(p.startswith((".", "_")) for p in nb.relative_to(proc).parts): continue
        out = dest / nb.relative_to(proc).parent / page_name(nb)
        out.parent.mkdir(parents=True, exist_ok=True)
        d = json.loads(nb.read_text())
        for c in d["cells"]:
            if c["cell_type"] == "raw":
                c["source"] = [l for l in c["source"] if not l.startswith("output-file:")]
        out.write_text(json.dumps(d, indent=1))
    if (ROOT / "nbs" / "images").is_dir(): shutil.copytree(ROOT / "nbs" / "images", dest / "images")


def _output_text(out) -> str:
    if out.get("output_type") == "stream": return "".join(out["text"])
    data = out.get("data", {})
    return "".join(data.get("text/markdown", data.get("text/plain", [])))


def write_readme(index_nb: Path, readme: Path):
    "GitHub-flavoured README from the processed index: markdown as is, code and text outputs fenced."
    d = json.loads(index_nb.read_text())
    parts, front = [], {}
    for c in d["cells"]:
        src = "".join(c["source"]).strip()
        if c["cell_type"] == "raw":
            import yaml
            front = yaml.safe_load(src.strip("-\n")) or {}
        elif c["cell_type"] == "markdown" and not src.startswith("<!--"): parts.append(src)
        elif c["cell_type"] == "code" and src:
            parts.append(f"```python\n{src}\n```")
            text = "".join(_output_text(o) for o in c.get("outputs", [])).rstrip()
            if text: parts.append(f"    {text}".replace("\n", "\n    "))
    head = [f"# {front.get('title', 'rww_opt')}"] + ([f"> {front['description']}"] if "description" in front else [])
    note = "<!-- Generated from nbs/index.ipynb by tools/docs_pre.py: edit the notebook, not this file. -->"
    text = "\n\n".join([*head, note, *parts]) + "\n"
    readme.write_text(text.replace("](images/", "](nbs/images/"))  # images live beside the notebooks


if __name__ == "__main__":
    proc = process()
    copy_pages(proc, ROOT / "pages")
    write_readme(ROOT / "pages" / "index.ipynb", ROOT / "README.md")
    print(f"docs_pre: {len(list((ROOT / 'pages').rglob('*.ipynb')))} pages in pages/, README.md written", file=sys.stderr)
