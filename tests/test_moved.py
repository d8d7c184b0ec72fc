"""The old import paths (before the topic-first layout) still work for one term, each warning once with its new path."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings

import pytest

from casekit import _moved

# what `from casekit import widgets` / `figures` offered before the move (their __all__ lists, frozen here)
OLD_WIDGETS = [
    "FilterWidget", "LabellingWidget", "QueueWidget", "ClaimChecker", "EvidenceWidget", "MarketWidget",
    "NoticeCalculator", "ReadingWidget", "SAVE_FOLDER", "SLIDER_OPTIONS", "ChoiceList", "LiveHTML", "RatingSlider",
    "Select", "WeighingWidget", "argument_options", "court_html", "group_by_factor", "irac_html", "outcome_html",
    "rating_steps", "save_reasoning", "timeline_explorer",
]  # fmt: skip
OLD_FIGURES = [
    "backlog_figure", "backlog_figure_json", "backlog_summary", "confusion_figure", "confusion_summary", "pr_figure",
    "pr_figure_json", "pr_summary", "notice_figure_json", "notice_summary", "rating_figure_json", "rating_summary",
    "concentration_figure", "concentration_summary", "shares_figure", "shares_figure_json", "shares_summary",
    "CONFIDENCE_MARKERS", "CONFIDENCE_WORDS", "OKABE_ITO", "base_layout", "factors_figure", "factors_figure_json",
    "aftermath_figure", "aftermath_summary", "filter_timeline", "standard_figure", "standard_summary",
    "timeline_figure", "timeline_summary", "use_offline_renderer", "PLOTLY_CONFIG", "mime_bundle",
]  # fmt: skip
OLD_COMMON = ["SAVE_FOLDER", "save_reasoning", "name_box", "justification_box", "save_learner_record", "mark_main",
              "text_block", "RatingSlider", "Select", "ChoiceList", "LiveHTML", "CONTROLS_CSS"]  # fmt: skip


def _fresh(code: str) -> subprocess.CompletedProcess:
    """Run CODE in a new interpreter with every warning shown, as a learner's kernel would show a FutureWarning."""
    return subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("old", sorted(_moved.MOVED))
def test_every_moved_module_is_the_new_module_under_its_old_name(old):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        module = importlib.import_module(old)
    assert module is importlib.import_module(_moved.MOVED[old])
    public = [n for n in dir(module) if not n.startswith("_")]
    assert public and all(getattr(module, n) is getattr(importlib.import_module(_moved.MOVED[old]), n) for n in public)


@pytest.mark.parametrize(
    "old, names",
    [("casekit.widgets", OLD_WIDGETS), ("casekit.figures", OLD_FIGURES), ("casekit.widgets.common", OLD_COMMON)],
)
def test_every_old_re_exported_name_is_still_there(old, names):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        module = importlib.import_module(old)
    missing = [n for n in names if not hasattr(module, n)]
    assert not missing
    assert set(names) <= set(dir(module))
    assert "is now" in module.__doc__ and "casekit.ui" in module.__doc__  # the docstring names the new path


def test_an_old_import_warns_once_naming_the_new_path():
    done = _fresh(
        "from casekit import relief, widgets\n"
        "import casekit.relief\n"
        "from casekit.checks.the_case import draw_events_0c\n"
        "widgets.WeighingWidget; widgets.relief.WeighingWidget\n"
        "from casekit.widgets.common import Select\n"
        "print(relief.__name__)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "casekit.topics.relief.reasoning"
    warned = [line for line in done.stderr.splitlines() if "FutureWarning" in line]
    assert sum("casekit.relief has moved to casekit.topics.relief.reasoning" in w for w in warned) == 1
    assert sum("casekit.checks.the_case has moved to casekit.topics.case.checks" in w for w in warned) == 1
    assert sum("casekit.widgets has moved" in w for w in warned) == 1
    assert sum("casekit.widgets.common has moved" in w for w in warned) == 1


def test_the_new_paths_warn_nothing():
    done = _fresh(
        "import warnings; warnings.simplefilter('error')\n"
        "from casekit.topics import antitrust, case, contract, moderation, moot, relief\n"
        "for t in (antitrust, case, contract, moderation, moot, relief):\n"
        "    t.reasoning; t.widgets; t.checks\n"
        "from casekit.ui import controls, saving, tables, theme\n"
    )
    assert done.returncode == 0, done.stderr


def test_a_moved_module_keeps_its_own_spec():
    """The real module's __spec__ is its own (not the old name's), so pickling and reloading behave as before."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        old = importlib.import_module("casekit.moot")
    assert old.__spec__.name == "casekit.topics.moot.reasoning"
