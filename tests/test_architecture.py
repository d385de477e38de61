"The import layers of ARCHITECTURE.md hold: every module is in the table, and each imports only lower layers."
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rww_opt"


def layers() -> dict:
    "module -> layer, read from the table of ARCHITECTURE.md."
    out = {}
    for line in (ROOT / "ARCHITECTURE.md").read_text().splitlines():
        m = re.match(r"\|\s*(\d+)\s*\|(.*?)\|", line)
        if m: out.update({name: int(m[1]) for name in re.findall(r"`(\w+)`", m[2])})
    return out


def imports(path: Path) -> set:
    "The rww_opt modules a file imports, at module level or inside functions."
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module: found.add(node.module.split(".")[0])
            elif node.level == 1: found.update(a.name for a in node.names)   # from . import x
            elif node.module and node.module.split(".")[0] == "rww_opt":
                parts = node.module.split(".")
                found.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("rww_opt."))
    return found


MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_"))


def test_every_module_has_a_layer():
    table = layers()
    assert set(MODULES) == set(table), f"ARCHITECTURE.md lists {sorted(table)}, the package holds {MODULES}"


def test_imports_run_down_only():
    table, wrong = layers(), []
    for m in MODULES:
        for target in imports(PACKAGE / f"{m}.py"):
            if target not in table: wrong.append(f"{m} imports {target}, which has no layer")
            elif table[target] >= table[m]: wrong.append(f"{m} (layer {table[m]}) imports {target} (layer {table[target]})")
    assert not wrong, "; ".join(wrong)


def test_the_check_can_fail(tmp_path):
    "The parser sees a function-level import that runs back up, as the one data.py had."
    f = tmp_path / "data.py"
    f.write_text("def bold_targets():\n    from rww_opt.observations import fcd\n    from . import solve\n")
    assert imports(f) == {"observations", "solve"}
