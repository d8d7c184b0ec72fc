"""The Chromium the browser tests drive: find one, or set one up, or say plainly why not.

Order: $CASEKIT_CHROMIUM; chromium, chromium-browser, google-chrome on PATH; the usual install
places on Linux, macOS and Windows; a browser Playwright installed earlier. `ensure_chromium()`
goes on to install Debian/Ubuntu's package with apt (as root or with password-less sudo), then
Playwright's own Chromium (`python -m playwright install chromium`), and fails with one message
only when none of these works.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ENV = "CASEKIT_CHROMIUM"
PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LINUX_PATHS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
)
MAC_APPS = ("Google Chrome.app/Contents/MacOS/Google Chrome", "Chromium.app/Contents/MacOS/Chromium")
WINDOWS_BASES = ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
WINDOWS_APPS = (r"Google\Chrome\Application\chrome.exe", r"Chromium\Application\chrome.exe")
APT_PACKAGES = ("chromium", "chromium-browser")  # Debian's name, then Ubuntu's


class BrowserSetupError(Exception):
    """No usable Chromium and no way to install one; the message says what was tried and what to do."""


def usable(path: str | os.PathLike | None) -> bool:
    """True if PATH is an executable file."""
    return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


def candidates(environ: Mapping[str, str] | None = None, which=shutil.which, home: Path | None = None) -> list[str]:
    """Every place a system Chromium or Chrome may be, in the order they are tried (no $CASEKIT_CHROMIUM)."""
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    found = [which(name) for name in PATH_NAMES]
    found += LINUX_PATHS
    found += [str(Path(folder) / app) for folder in ("/Applications", home / "Applications") for app in MAC_APPS]
    found += [f"{environ[base]}\\{app}" for base in WINDOWS_BASES if environ.get(base) for app in WINDOWS_APPS]
    return [str(path) for path in found if path]


def playwright_chromium() -> str | None:
    """The Chromium that `python -m playwright install chromium` put in Playwright's cache, if there is one."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # noqa: BLE001 (no Playwright, or its driver cannot start: no browser from it)
        return None
    return path if usable(path) else None


def find_chromium(
    environ: Mapping[str, str] | None = None, which=shutil.which, playwright=playwright_chromium
) -> str | None:
    """Path of the Chromium/Chrome to drive, or None. A set $CASEKIT_CHROMIUM is the only one tried."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(ENV)
    if chosen:
        return chosen if usable(chosen) else None
    for path in candidates(environ, which):
        if usable(path):
            return path
    return playwright()


def _as_root(which=shutil.which, run=subprocess.run) -> list[str] | None:
    """The prefix that runs a command as root without a prompt ([] when root, ['sudo', '-n']), or None."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return []
    if which("sudo") and run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def _apt_install(run, which, log) -> str:
    """Try apt; return '' on success or why it was not possible."""
    if not sys.platform.startswith("linux") or not which("apt-get"):
        return "apt: not a Debian/Ubuntu system (no apt-get)"
    prefix = _as_root(which, run)
    if prefix is None:
        return "apt: needs root, and `sudo -n` is not allowed without a password"
    env = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive"]
    log("installing Chromium with apt-get (about 500 MB, once)")
    if run([*env, "apt-get", "update", "-qq"], capture_output=True).returncode != 0:
        return "apt: `apt-get update` failed (no network to the package mirror?)"
    for package in APT_PACKAGES:
        if run([*env, "apt-get", "install", "-y", "-qq", package], capture_output=True).returncode == 0:
            return ""
    return f"apt: could not install {' or '.join(APT_PACKAGES)}"


def _playwright_install(run, log) -> str:
    """Try Playwright's own Chromium download; return '' on success or why it failed."""
    log("installing Playwright's Chromium (python -m playwright install chromium)")
    done = run([sys.executable, "-m", "playwright", "install", "chromium"], capture_output=True, text=True)
    if done.returncode != 0:
        last = [line for line in (done.stderr or done.stdout or "").splitlines() if line.strip()][-1:]
        return f"playwright install chromium: failed{': ' + last[0].strip() if last else ''}"
    return ""


def ensure_chromium(
    environ: Mapping[str, str] | None = None,
    which=shutil.which,
    run=subprocess.run,
    playwright=playwright_chromium,
    log=print,
) -> str:
    """Path of a usable Chromium, installing one (apt, then Playwright) if needed; else BrowserSetupError."""
    environ = os.environ if environ is None else environ
    found = find_chromium(environ, which, playwright)
    if found:
        return found
    if environ.get(ENV):
        raise BrowserSetupError(
            f"{ENV}={environ[ENV]!r} is not an executable file: point it at a Chromium "
            f"or Chrome binary, or unset it to let casekit find or install one"
        )
    reasons = []
    for attempt in (lambda: _apt_install(run, which, log), lambda: _playwright_install(run, log)):
        why = attempt()
        found = find_chromium(environ, which, playwright)
        if found:
            return found
        reasons.append(why or "installed, but no browser was found afterwards")
    raise BrowserSetupError(
        "no Chromium or Chrome found for the browser tests, and none could be installed:\n"
        + "".join(f"  - {why}\n" for why in reasons)
        + f"Install Chromium or Google Chrome (or set {ENV}=/path/to/chrome), then run `make test` again."
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit browser`."""
    parser.add_argument("--find-only", action="store_true", help="only look; never install")


def run(args: argparse.Namespace) -> int:
    """Print the Chromium the browser tests will drive, setting one up first if needed."""
    try:
        path = find_chromium() if args.find_only else ensure_chromium()
    except BrowserSetupError as exc:
        print(f"casekit browser: {exc}", file=sys.stderr)
        return 1
    if path is None:
        print(
            f"casekit browser: no Chromium or Chrome found (set {ENV}, or run `casekit browser` to install one)",
            file=sys.stderr,
        )
        return 1
    print(f"casekit browser: the browser tests use {path}")
    return 0
