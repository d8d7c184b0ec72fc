"""The environment's Jupyter settings (casekit.labconfig): a learner's reopened notebook shows text, not
"Error displaying widget: model not found"; and `casekit lab` runs kernels without the TCP warning."""

from __future__ import annotations

import copy
import json
import os

from traitlets.utils.importstring import import_item

from casekit import labconfig, workspace

VIEW = labconfig.WIDGET_VIEW_MIME


def saved_notebook() -> dict:
    """A notebook as JupyterLab sends it to be saved: a widget view, a figure, printed text, widget metadata."""
    return {
        "type": "notebook",
        "format": "json",
        "content": {
            "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": "# A lesson"},
                {
                    "cell_type": "code",
                    "execution_count": 1,
                    "metadata": {},
                    "source": "widget",
                    "outputs": [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {
                                VIEW: {"version_major": 2, "version_minor": 0, "model_id": "abc123"},
                                "text/plain": "VBox(children=(HTML(value='<p>Starting backlog…",
                            },
                        },
                        {"output_type": "stream", "name": "stdout", "text": "26,000 reports\n"},
                    ],
                },
                {
                    "cell_type": "code",
                    "execution_count": 2,
                    "metadata": {},
                    "source": "figure",
                    "outputs": [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {"application/vnd.plotly.v1+json": {"data": [], "layout": {}}, "text/plain": "x"},
                        }
                    ],
                },
            ],
        },
    }


def test_the_save_hook_replaces_each_widget_view_by_text_and_keeps_every_other_output():
    model = saved_notebook()
    before = copy.deepcopy(model)
    labconfig.widget_views_as_text(model=model, path="lessons/03.ipynb", contents_manager=None)
    cells = model["content"]["cells"]
    widget = cells[1]["outputs"][0]["data"]
    assert VIEW not in widget and widget == {"text/plain": labconfig.WIDGET_TEXT}
    assert "Run All" in labconfig.WIDGET_TEXT
    assert "widgets" not in model["content"]["metadata"]
    assert cells[1]["outputs"][1] == before["content"]["cells"][1]["outputs"][1]  # printed text kept
    assert cells[2] == before["content"]["cells"][2]  # the figure kept
    assert cells[0] == before["content"]["cells"][0] and cells[1]["execution_count"] == 1


def test_the_save_hook_leaves_files_and_folders_alone():
    for model in ({"type": "file", "format": "text", "content": "[x](y)"}, {"type": "directory", "content": None}):
        before = copy.deepcopy(model)
        labconfig.widget_views_as_text(model=model, path="x", contents_manager=None)
        assert model == before


def test_server_config_names_the_hook_the_server_will_import_and_keeps_other_settings(tmp_path):
    etc = tmp_path / "etc" / "jupyter"
    etc.mkdir(parents=True)
    (etc / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"port": 9999}}))
    path = labconfig.write_server_config(tmp_path)
    # Jupyter reads only `jpserver_extensions` from a jupyter_server_config.d/ folder: the settings go in the file
    assert path == etc / "jupyter_server_config.json"
    config = json.loads(path.read_text())
    assert import_item(config["ContentsManager"]["pre_save_hook"]) is labconfig.widget_views_as_text
    assert config["LabApp"]["custom_css"] is True and config["ServerApp"] == {"port": 9999}
    enabled = json.loads((etc / "jupyter_server_config.d" / "casekit.json").read_text())
    assert enabled == {"ServerApp": {"jpserver_extensions": {"casekit.labconfig": True}}}
    assert labconfig._jupyter_server_extension_points() == [{"module": "casekit.labconfig"}]


class FakeServer:
    """What the kit's server extension touches of a ServerApp: its config dir, base URL and tornado app."""

    def __init__(self, config_dir):
        import tornado.web

        self.config_dir, self.base_url = str(config_dir), "/user/ada/"
        self.web_app = tornado.web.Application([(r"/custom/custom\\.css", tornado.web.RequestHandler)])


def test_the_server_extension_serves_the_kits_css_first_and_a_users_own_css_wins(tmp_path):
    server = FakeServer(tmp_path / "config")
    labconfig._load_jupyter_server_extension(server)
    first = server.web_app.default_router.rules[0].target.rules[0]
    assert first.matcher.regex.pattern == "/user/ada/custom/(custom\\.css)$"
    folders = first.target_kwargs["path"]
    assert folders == [str(tmp_path / "config" / "custom"), str(labconfig.CUSTOM_CSS.parent)]
    assert "text-decoration: underline" in labconfig.CUSTOM_CSS.read_text()


def test_write_all_writes_settings_page_config_and_server_config(tmp_path):
    paths = labconfig.write_all(tmp_path)
    assert [p.name for p in paths] == ["overrides.json", "page_config.json", "jupyter_server_config.json"]
    assert all(p.is_file() and p.is_relative_to(tmp_path) for p in paths)


def test_casekit_lab_runs_kernels_over_ipc_on_posix(tmp_path):
    command = workspace.lab_command(tmp_path, port=8899, open_browser=False)
    assert ("--KernelManager.transport=ipc" in command) == (os.name == "posix")


def test_two_static_folders_serve_their_own_file_of_the_same_name(tmp_path):
    """JupyterLab's and Notebook 7's fonts share hashed names: each handler finds the file in its own folders."""
    from jupyter_server.base.handlers import FileFindHandler

    lab, notebook = tmp_path / "lab", tmp_path / "notebook"
    for folder in (lab, notebook):
        folder.mkdir()
        (folder / "1a10595a47bb3cf2.woff").write_bytes(folder.name.encode())
    labconfig._separate_static_caches()
    labconfig._separate_static_caches()  # once is enough; twice changes nothing
    found = [FileFindHandler.get_absolute_path([str(f)], "1a10595a47bb3cf2.woff") for f in (lab, notebook, lab)]
    assert found == [str(f / "1a10595a47bb3cf2.woff") for f in (lab, notebook, lab)]
    assert FileFindHandler.get_absolute_path([str(lab)], "missing.woff") == ""
