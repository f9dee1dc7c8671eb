"""The kernels attuned.simulation.cycle starts for simulated trainees: Unix sockets in a folder of their own,
nothing left behind in the trainee's assignment folder (which nbgrader submit copies whole)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from attuned.simulation.cycle import kernel_config, work_notebook

REPO = Path(__file__).resolve().parents[1]
MODULE = "01-relationship-and-technique"


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets exist only on POSIX; elsewhere kernels keep TCP")
def test_trainee_kernels_use_unix_sockets_under_the_folder_given(tmp_path):
    config = kernel_config(str(tmp_path))
    assert config.KernelManager.transport == "ipc"
    assert Path(config.KernelManager.ip).parent == tmp_path


def test_working_a_notebook_leaves_only_the_notebook_and_its_log(tmp_path, keys):
    folder = tmp_path / MODULE
    shutil.copytree(REPO / "release" / MODULE, folder)
    before = set(Path(tempfile.gettempdir()).glob("attuned-kernel-*"))
    work_notebook(folder, "attuned", keys)
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{MODULE}.ipynb", "responses.jsonl"])
    assert (folder / "responses.jsonl").stat().st_size > 0
    # The persona worked what the kernel's cells displayed (collected in the kernel, no registry).
    from attuned.model.course import get_course
    from attuned.notebook.responses import ResponseLog

    module = get_course().modules[MODULE]
    contents = ResponseLog(folder / "responses.jsonl").read()
    exercises = module.items("vignette") + module.items("check") + module.items("checkin")
    assert exercises and all(contents.graded(item) is not None for item in exercises), contents.events
    assert set(Path(tempfile.gettempdir()).glob("attuned-kernel-*")) <= before  # its socket folder is gone
