"""Write JupyterLab settings overrides into the environment: no news popup, no update checks; the server's
save hook, which keeps a learner's reopened notebook readable (widget_views_as_text); and the kit's server
extension, which serves the page-wide style sheet that underlines links in prose (ui/static/custom/custom.css)."""

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
# Server settings in the environment's jupyter_server_config.json (Jupyter reads a jupyter_server_config.d/
# folder only for which extensions to load, so the settings themselves go in the file).
SERVER_CONFIG = {
    "ContentsManager": {"pre_save_hook": "casekit.labconfig.widget_views_as_text"},
    # Links in prose are underlined on every page (issue 29): JupyterLab links /custom/custom.css when custom_css
    # is on, and the kit's server extension (below) serves the kit's style sheet there.
    "LabApp": {"custom_css": True},
}
EXTENSION_CONFIG = {"ServerApp": {"jpserver_extensions": {"casekit.labconfig": True}}}
# The kit's page-wide style sheet, served at /custom/custom.css unless the user has their own.
CUSTOM_CSS = Path(__file__).parent / "ui" / "static" / "custom" / "custom.css"


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "casekit.labconfig"}]


def _separate_static_caches() -> None:
    """Work around jupyter_server 2.21: FileFindHandler caches where it found a static file by the file's name
    alone, in one dict shared by every static handler. JupyterLab (/static/lab/) and Notebook 7
    (/static/notebook/) ship fonts under the same hashed names, so whichever app loads a font second gets 403
    "not in root static directory". Key the cache by (search roots, name) instead; same lookup otherwise."""
    import os

    from jupyter_server.base.handlers import FileFindHandler
    from jupyter_server.utils import filefind

    if getattr(FileFindHandler, "_casekit_per_root", False):
        return
    found: dict[tuple, str] = {}

    def get_absolute_path(cls, roots, path):
        key = (tuple(roots) if isinstance(roots, (list, tuple)) else (roots,), path)
        with cls._lock:
            if key not in found:
                try:
                    found[key] = os.path.abspath(filefind(path, roots))
                except OSError:  # not found
                    return ""
            return found[key]

    FileFindHandler.get_absolute_path = classmethod(get_absolute_path)
    FileFindHandler._casekit_per_root = True


def _load_jupyter_server_extension(serverapp) -> None:
    """Serve /custom/custom.css: the user's own (JUPYTER_CONFIG_DIR/custom/custom.css) if there is one, else the
    kit's, to JupyterLab and Notebook 7 pages alike. The rule goes first, ahead of Notebook 7's own handler for
    the same address, which would serve its empty placeholder. Also _separate_static_caches."""
    from jupyter_server.base.handlers import FileFindHandler
    from jupyter_server.utils import url_path_join

    _separate_static_caches()
    folders = [str(Path(serverapp.config_dir) / "custom"), str(CUSTOM_CSS.parent)]
    pattern = url_path_join(serverapp.base_url, r"/custom/(custom\.css)")
    web_app = serverapp.web_app
    web_app.add_handlers(".*$", [(pattern, FileFindHandler, {"path": folders, "no_cache_paths": ["/"]})])
    rules = web_app.default_router.rules  # tornado adds each host's rule just before its last, fallback rule
    rules.insert(0, rules.pop(-2))


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
    """Merge SERVER_CONFIG into PREFIX/etc/jupyter/jupyter_server_config.json, enable the kit's server extension
    (jupyter_server_config.d/casekit.json), and return the first path."""
    etc = Path(prefix or sys.prefix) / "etc" / "jupyter"
    (etc / "jupyter_server_config.d").mkdir(parents=True, exist_ok=True)
    (etc / "jupyter_server_config.d" / "casekit.json").write_text(json.dumps(EXTENSION_CONFIG, indent=2) + "\n")
    path = etc / "jupyter_server_config.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    for section, values in SERVER_CONFIG.items():
        current.setdefault(section, {}).update(values)
    path.write_text(json.dumps(current, indent=2) + "\n")
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
