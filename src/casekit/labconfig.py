"""Write JupyterLab settings overrides into the environment: no news popup, no update checks; and the
server's save hook, which keeps a learner's reopened notebook readable (widget_views_as_text)."""

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Live slides (jupyterlab-rise): reveal.js's "white" theme uses fonts shipped with it (the default theme,
    # "simple", fetches Google Fonts); slide numbers help a class follow; a slideshow starts at the top.
    "jupyterlab-rise:plugin": {"theme": "white", "slideNumber": "c/t", "start_slideshow_at": "beginning"},
}


# jupyterlab-rise (slides) pulls in @jupyterlab/mathjax3-extension, which targets an older JupyterLab; this
# JupyterLab renders maths itself, so the old extension is switched off rather than loaded with a mismatch.
DISABLED_EXTENSIONS = {"@jupyterlab/mathjax3-extension": True}


def write_page_config(prefix: Path | None = None) -> Path:
    """Write the disabled extensions into PREFIX/etc/jupyter/labconfig/page_config.json and return its path."""
    folder = Path(prefix or sys.prefix) / "etc" / "jupyter" / "labconfig"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "page_config.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.setdefault("disabledExtensions", {}).update(DISABLED_EXTENSIONS)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
# What a saved widget output shows instead, until the notebook is run again (the lessons' banner promises it).
WIDGET_TEXT = "(An interactive widget: run the notebook's cells, Run → Run All Cells, to use it again.)"
SERVER_CONFIG = {"ContentsManager": {"pre_save_hook": "casekit.labconfig.widget_views_as_text"}}


def widget_views_as_text(model: dict, **_) -> None:
    """The server's pre-save hook: in a notebook being saved, replace every widget view by WIDGET_TEXT.

    JupyterLab does not save widget state, so a widget view saved in a notebook points at a model that no
    longer exists once the notebook is closed; reopened (and trusted: the learner saved it), it would show
    "Error displaying widget: model not found". Without the view, JupyterLab shows the text instead, and
    running the cells draws the widgets again. Only what is written to disk changes, never the open page."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data")
            if isinstance(data, dict) and data.pop(WIDGET_VIEW_MIME, None) is not None:
                data["text/plain"] = WIDGET_TEXT


def write_server_config(prefix: Path | None = None) -> Path:
    """Write SERVER_CONFIG into PREFIX/etc/jupyter/jupyter_server_config.d/casekit.json and return its path."""
    folder = Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "casekit.json"
    path.write_text(json.dumps(SERVER_CONFIG, indent=2) + "\n")
    return path


def write_all(prefix: Path | None = None) -> list[Path]:
    """Write the settings overrides, the page config and the server config; return their paths."""
    return [write_overrides(prefix), write_page_config(prefix), write_server_config(prefix)]


def write_overrides(prefix: Path | None = None) -> Path:
    """Write overrides.json under PREFIX/share/jupyter/lab/settings and return its path."""
    settings = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    path = settings / "overrides.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(OVERRIDES)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


if __name__ == "__main__":
    print("JupyterLab settings, page config and server config: " + ", ".join(map(str, write_all())))
