"""`casekit browser`: which Chromium the browser tests drive, and how one is set up when none is found.

Every test uses fake paths, a fake PATH and stubbed installers: nothing is installed or downloaded.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from casekit import browser, cli
from casekit.browser import BrowserSetupError, candidates, ensure_chromium, find_chromium


def executable(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def nothing_installed(monkeypatch):
    """No system browser anywhere: only paths the test makes count."""
    made: set[str] = set()
    monkeypatch.setattr(browser, "usable", lambda path: bool(path) and str(path) in made)
    return made


def no_which(name):
    return None


def no_playwright():
    return None


def test_casekit_chromium_wins_over_everything(tmp_path):
    chosen = executable(tmp_path / "my-chrome")
    env = {"CASEKIT_CHROMIUM": chosen}
    assert find_chromium(env, which=lambda name: "/usr/bin/chromium", playwright=lambda: "/pw") == chosen


def test_a_bad_casekit_chromium_is_not_silently_replaced(tmp_path):
    env = {"CASEKIT_CHROMIUM": str(tmp_path / "missing")}
    assert find_chromium(env, which=lambda name: "/usr/bin/chromium", playwright=lambda: "/pw") is None
    with pytest.raises(BrowserSetupError, match="CASEKIT_CHROMIUM=.*missing.* is not an executable file"):
        ensure_chromium(env, which=no_which, run=pytest.fail, playwright=no_playwright, log=lambda m: None)


def test_the_search_order_path_then_linux_then_macos_then_windows(tmp_path):
    env = {
        "PROGRAMFILES": r"C:\Program Files",
        "PROGRAMFILES(X86)": r"C:\Program Files (x86)",
        "LOCALAPPDATA": r"C:\Users\me\AppData\Local",
    }
    which = {"chromium-browser": "/fake/bin/chromium-browser", "google-chrome": "/fake/bin/google-chrome"}.get
    order = candidates(env, which, home=Path("/Users/me"))
    expected_firsts = ["/fake/bin/chromium-browser", "/fake/bin/google-chrome", "/usr/bin/chromium"]
    assert order[:3] == expected_firsts
    mac = order.index("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
    mac_home = order.index("/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium")
    windows = order.index(r"C:\Program Files\Google\Chrome\Application\chrome.exe")
    windows_x86 = order.index(r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe")
    local = order.index(r"C:\Users\me\AppData\Local\Chromium\Application\chrome.exe")
    assert order.index("/opt/google/chrome/chrome") < mac < mac_home < windows < windows_x86 < local
    assert not any("Program Files" in path for path in candidates({}, no_which, home=Path("/h")))


@pytest.mark.parametrize(
    "present, expected",
    [
        ({"/fake/bin/chromium", "/usr/bin/chromium", "/pw/chrome"}, "/fake/bin/chromium"),
        ({"/usr/bin/chromium", "/Applications/Chromium.app/Contents/MacOS/Chromium"}, "/usr/bin/chromium"),
        (
            {"/Applications/Chromium.app/Contents/MacOS/Chromium", r"C:\PF\Google\Chrome\Application\chrome.exe"},
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
        ),
        ({r"C:\PF\Google\Chrome\Application\chrome.exe", "/pw/chrome"}, r"C:\PF\Google\Chrome\Application\chrome.exe"),
        ({"/pw/chrome"}, "/pw/chrome"),
        (set(), None),
    ],
)
def test_find_chromium_takes_the_first_that_exists(nothing_installed, present, expected):
    nothing_installed.update(present)
    which = {"chromium": "/fake/bin/chromium"}.get
    playwright = lambda: "/pw/chrome" if "/pw/chrome" in present else None  # noqa: E731
    assert find_chromium({"PROGRAMFILES": r"C:\PF"}, which=which, playwright=playwright) == expected


class FakeSystem:
    """Records the commands ensure_chromium runs; 'installs' a browser when told to succeed."""

    def __init__(self, made: set[str], *, sudo_ok=False, apt_ok=False, playwright_ok=False):
        self.made, self.commands = made, []
        self.sudo_ok, self.apt_ok, self.playwright_ok = sudo_ok, apt_ok, playwright_ok
        self.playwright_browser = None

    def which(self, name):
        return {"apt-get": "/usr/bin/apt-get", "sudo": "/usr/bin/sudo"}.get(name)

    def run(self, command, **kwargs):
        self.commands.append(command)
        code = 0
        if command[:2] == ["sudo", "-n"] and command[2:] == ["true"]:
            code = 0 if self.sudo_ok else 1
        elif "apt-get" in command and "install" in command:
            code = 0 if self.apt_ok else 100
            if self.apt_ok:
                self.made.add("/usr/bin/chromium")
        elif command[1:] == ["-m", "playwright", "install", "chromium"]:
            code = 0 if self.playwright_ok else 1
            if self.playwright_ok:
                self.made.add("/pw/chrome")
                self.playwright_browser = "/pw/chrome"
        return subprocess.CompletedProcess(command, code, "", "" if code == 0 else "Error: getaddrinfo ENOTFOUND\n")

    def playwright(self):
        return self.playwright_browser

    def ensure(self):
        return ensure_chromium({}, which=self.which, run=self.run, playwright=self.playwright, log=lambda m: None)


@pytest.fixture
def linux(monkeypatch):
    monkeypatch.setattr(browser.sys, "platform", "linux")


def test_a_found_browser_installs_nothing(nothing_installed):
    nothing_installed.add("/usr/bin/chromium")
    system = FakeSystem(nothing_installed)
    assert system.ensure() == "/usr/bin/chromium" and system.commands == []


def test_apt_with_passwordless_sudo_comes_before_playwright(nothing_installed, linux, monkeypatch):
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    system = FakeSystem(nothing_installed, sudo_ok=True, apt_ok=True, playwright_ok=True)
    assert system.ensure() == "/usr/bin/chromium"
    assert [
        "sudo",
        "-n",
        "env",
        "DEBIAN_FRONTEND=noninteractive",
        "apt-get",
        "install",
        "-y",
        "-qq",
        "chromium",
    ] in system.commands
    assert not any("playwright" in c for command in system.commands for c in command)


def test_root_uses_apt_without_sudo(nothing_installed, linux, monkeypatch):
    monkeypatch.setattr(browser.os, "geteuid", lambda: 0)
    system = FakeSystem(nothing_installed, apt_ok=True)
    assert system.ensure() == "/usr/bin/chromium"
    assert all(command[0] != "sudo" for command in system.commands)


def test_without_root_or_sudo_playwright_installs_its_own(nothing_installed, linux, monkeypatch):
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    system = FakeSystem(nothing_installed, sudo_ok=False, apt_ok=True, playwright_ok=True)
    assert system.ensure() == "/pw/chrome"
    assert not any("apt-get" in command for command in system.commands)


def test_when_all_fail_one_message_says_what_was_tried_and_what_to_do(nothing_installed, linux, monkeypatch):
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    system = FakeSystem(nothing_installed)
    with pytest.raises(BrowserSetupError) as failure:
        system.ensure()
    message = str(failure.value)
    assert "sudo -n" in message and "playwright install chromium: failed: Error: getaddrinfo ENOTFOUND" in message
    assert "CASEKIT_CHROMIUM" in message and "make test" in message


def test_casekit_browser_prints_the_browser_or_one_error(monkeypatch, capsys):
    monkeypatch.setattr(browser, "ensure_chromium", lambda: "/some/chromium")
    assert cli.main(["browser"]) == 0 and "/some/chromium" in capsys.readouterr().out

    def impossible():
        raise BrowserSetupError("no Chromium or Chrome found for the browser tests, ...")

    monkeypatch.setattr(browser, "ensure_chromium", impossible)
    assert cli.main(["browser"]) == 1
    assert capsys.readouterr().err.startswith("casekit browser: no Chromium or Chrome found")
