"""`rww-opt fit` on the HCP Schaefer-100 data, quick mode: the E-I model, map- and network-based regional fits,
FC + FCD loss, the CMA-ES search, and out-of-sample scores on a held-out group or session. Every output must be written."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

TINY = ["--quick", "--grid", "2", "--steps", "1", "--regional-steps", "1", "--duration", "62", "--noise", "fixed", "--ensemble", "1", "--no-progress"]
FILES = {"fc.png", "landscape.npz", "landscape.png", "loss.png", "metrics.json", "params.json", "params.npz", "regional.png", "report.md"}


def rww_opt(*argv):
    exe = Path(sys.executable).with_name("rww-opt")
    return subprocess.run([str(exe), *argv], capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("who,regional", [(["--group", "train706", "--test-group", "test303"], ["--regional", "maps", "--search", "grid"]),
                                          (["--subject", "100206", "--test-session", "REST2_LR"],
                                           ["--regional", "networks", "--search", "cmaes", "--generations", "2", "--popsize", "4",
                                            "--retest-session", "REST2_LR"])],
                         ids=["group-maps", "subject-networks"])
def test_hcp_quick(tmp_path, who, regional):
    out = tmp_path / "out"
    run = rww_opt("fit", "--dataset", "hcp_schaefer100", *who, "--scale", "mean", "--model", "rww-ei", *regional,
                  "--loss", "corr+fcd", *TINY, "--out", str(out))
    assert run.returncode == 0, run.stderr[-3000:]
    searched = "cmaes" in regional
    assert (FILES - {"landscape.npz", "landscape.png"} if searched else FILES) <= {p.name for p in out.iterdir()}
    m = json.loads((out / "metrics.json").read_text())
    for stage in ("initial", "global", "regional"):
        s = m[stage]
        assert {"r_single", "r_expected", "ceiling_single", "r_single_intra", "fcd_ks", "fc_offset"} <= set(s)
        assert np.isfinite([s["r_single"], s["r_expected"], s["fcd_ks"]]).all()
    assert {"global", "regional"} <= set(m["test"]) and m["test"]["regional"]["r_single_intra"] == m["test"]["regional"]["r_single_intra"]
    p = json.loads((out / "params.json").read_text())
    assert len(p["regional_w_p"]) == 100 and len(p["region_labels"]) == 100
    form = p["regional_form"]["dynamics.w_p"]
    if regional[1] == "maps": assert set(form["coefficients"]) == {"myelinmap", "fcgradient01"}
    else: assert len(form) == 7          # one value per Yeo network
    if searched: assert m["search"]["simulations"] == 8 and m["regional_search"]["simulations"] == 8
    if "--retest-session" in regional:   # the other session fitted alike: agreement per network, beside the sessions' FC r
        t = m["retest"]
        assert t["params"]["dynamics.w_p"]["n"] == 7 and -1 <= t["params"]["dynamics.w_p"]["icc"] <= 1 and 0 < t["fc_sessions"]["r"] < 1
        assert "**Test-retest** against REST2_LR" in (out / "report.md").read_text()
    assert "test303" in (out / "report.md").read_text() or "REST2_LR" in (out / "report.md").read_text()
