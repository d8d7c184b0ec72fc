"""The grading sandbox: resource limits and Landlock confinement for the kernel that runs a learner's code.

`python -m casekit.grading.sandbox LIMITS_JSON_FILE -f CONNECTION_FILE` is the command of the
`casekit-sandbox` kernelspec the grader writes for each submission. Before it starts ipykernel it
records its pid for the grader, sets rlimits (address space, CPU time, file size, core dumps, and
the number of processes when not root), points stdout/stderr at /dev/null, and, where the Linux
kernel offers Landlock, confines itself and every child: files may be written only inside the
submission's work folder; only the Python installation, the casekit package and datasets/ (plus
system folders) may be read; TCP is limited to binding the kernel's own ports; signals and abstract
unix sockets cannot reach processes outside the sandbox. See docs/grading.md for the threat model.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import platform
import resource
import sys
from pathlib import Path

# Landlock ABI (linux/landlock.h); syscall numbers are the same on every architecture since 5.13.
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH, _RULE_NET_PORT = 1, 2
_PR_SET_NO_NEW_PRIVS = 38
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | (1 << 14) | (1 << 15)  # rights a rule on a file may carry
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1
READ = READ_FILE | READ_DIR | EXECUTE
SYSTEM_READ = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/proc", "/sys", "/opt/conda")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/full")


def landlock_abi() -> int:
    """Return the Landlock ABI version this Linux kernel offers (0 when none)."""
    if platform.system() != "Linux":
        return 0
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        version = libc.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _NetPort(ctypes.Structure):
    _fields_ = [("allowed_access", ctypes.c_uint64), ("port", ctypes.c_uint64)]


def confine(writable: list[str], readable: list[str], bind_ports: list[int]) -> int:
    """Restrict this process and its future children with Landlock; return the ABI used (0: not available)."""
    abi = landlock_abi()
    if abi < 1:
        return 0
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    handled_fs = _FS_BY_ABI[max(k for k in _FS_BY_ABI if k <= abi)]
    attr = (ctypes.c_uint64 * 3)(handled_fs, 0, 0)
    size = 8
    if abi >= 4:
        attr[1], size = _NET_BIND_TCP | _NET_CONNECT_TCP, 16
    if abi >= 6:
        attr[2], size = _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL, 24
    ruleset = libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        rules = [(p, READ) for p in readable] + [(p, handled_fs) for p in writable]
        rules += [(p, READ_FILE | WRITE_FILE) for p in DEVICES]
        for path, access in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    access &= _FILE_ONLY
                rule = _PathBeneath(access & handled_fs, fd)
                if libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)):
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
            finally:
                os.close(fd)
        if abi >= 4:
            for port in bind_ports:
                rule = _NetPort(_NET_BIND_TCP, port)
                if libc.syscall(_ADD_RULE, ruleset, _RULE_NET_PORT, ctypes.byref(rule), ctypes.c_uint32(0)):
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for port {port}")
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
            raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
        if libc.syscall(_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)):
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return abi


def _processes_of_user(uid: int) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def set_limits(memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    """Apply rlimits to this process (inherited by its children)."""
    limits = [
        (resource.RLIMIT_CORE, 0, 0),
        (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 5),
        (resource.RLIMIT_FSIZE, file_mb * 2**20, file_mb * 2**20),
    ]
    if memory_mb:
        limits.append((resource.RLIMIT_AS, memory_mb * 2**20, memory_mb * 2**20))
    if os.getuid() != 0 and Path("/proc").is_dir():  # root ignores RLIMIT_NPROC
        allowed = _processes_of_user(os.getuid()) + 128
        limits.append((resource.RLIMIT_NPROC, allowed, allowed))
    for which, soft, hard in limits:
        try:
            _, current_hard = resource.getrlimit(which)
            if current_hard != resource.RLIM_INFINITY:
                soft, hard = min(soft, current_hard), min(hard, current_hard)
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            pass


def _connection_ports(connection_file: str) -> list[int]:
    info = json.loads(Path(connection_file).read_text())
    return [int(info[k]) for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port") if info.get(k)]


def main(argv: list[str]) -> None:
    """Kernel entry point: apply the limits in the LIMITS_JSON file, confine, then run ipykernel."""
    limits = json.loads(Path(argv[0]).read_text())
    connection_file = argv[argv.index("-f") + 1]
    Path(limits["pid_file"]).write_text(str(os.getpid()))
    set_limits(limits["memory_mb"], limits["cpu_seconds"], limits["file_mb"])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    abi = 0
    if limits.get("landlock", True):
        readable = limits["readable"] + [os.path.dirname(connection_file)]
        abi = confine([limits["workdir"]], readable, _connection_ports(connection_file))
    os.environ["CASEKIT_SANDBOX_LANDLOCK"] = str(abi)
    sys.argv = [
        "ipykernel_launcher",
        "-f",
        connection_file,
        "--HistoryManager.enabled=False",
        *limits.get("kernel_args", []),
    ]
    if sys.path and sys.path[0] in ("", os.getcwd()):
        sys.path.pop(0)
    # A grading kernel never serves a debugger: without debugpy, ipykernel skips importing it (0.2-0.8 s).
    sys.modules["debugpy"] = None  # type: ignore[assignment]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main(sys.argv[1:])
