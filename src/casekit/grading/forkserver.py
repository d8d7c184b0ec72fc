"""Warm kernels: a template process that has imported ipykernel, pandas and casekit forks one fresh kernel per request.

Starting a kernel costs about 0.5 s of interpreter start-up and imports (ipykernel, IPython, then
pandas in the setup cell), and grading a submission needs at least one. Each runner
(`casekit.grading.runner --serve`) therefore starts one *template* process,
`python -m casekit.grading.forkserver`, which imports those modules once, runs no learner
code, has one thread, and then waits on a private unix socket (its path comes on stdin; only the
runner that started it, checked by SO_PEERCRED, is answered). For each kernel nbval asks for,
the runner's kernel provisioner (`ForkProvisioner`, named `casekit-fork` in the kernelspec) sends
the kernel's command, environment and folder; the template forks a child, and the child

1. starts a new session (its own process group, so the grader's kill reaches it and its children),
2. closes every inherited file descriptor and points stdin at /dev/null,
3. replaces its environment by the submission's scrubbed one and moves into its work folder,
4. resets signal handlers and reseeds the random generators inherited from the template,
5. then does exactly what the exec'd kernel did (`casekit.grading.sandbox.main`): records its pid,
   sets the rlimits, silences stdout/stderr, confines itself with Landlock and runs ipykernel.

A forked child starts from the template's memory, never from another submission's: whatever
submission A does (module globals, monkey-patches, pandas options, files in its folder) lives in
A's own child process, which is killed at the end of A. Nothing runs in the template after its
imports, so every child sees the same pristine copy. The template is a child subreaper: processes
a kernel leaves behind are re-parented to it and killed when the runner asks it to clean up after
each submission.

If the template cannot start, or finds a thread after its imports (forking a threaded process is
unsafe), the provisioner falls back to starting the kernel command as a new process, as before.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import importlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

from jupyter_client.provisioning import LocalProvisioner

PROVISIONER = "casekit-fork"
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "IPython.core.interactiveshell",
    "numpy",
    "pandas",
    "casekit",
    "casekit.data",
    "casekit.variants",
    "casekit.checks",
    "casekit.grading.sandbox",
    "psutil",
    "pdb",
    "faulthandler",
    "tornado.platform.asyncio",
    "tornado.locks",
    "tornado.queues",
)
_PR_SET_CHILD_SUBREAPER = 36
SOCKET: list[str] = []  # the runner's template socket, when one is running


# ---------------------------------------------------------------- the template process


def preload() -> list[str]:
    """Import what every kernel needs (no learner code runs here); return the modules imported."""
    done = []
    for name in PRELOAD:
        importlib.import_module(name)
        done.append(name)
    import casekit.checks

    for name in casekit.checks.check_modules():  # every topic's checks, found as the checks machinery finds them
        importlib.import_module(name)
        done.append(name)
    return done


def threads() -> int:
    """How many threads this process has (1 is required before forking)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _children() -> list[int]:
    """The pids whose parent is this process."""
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            if int(stat[stat.rindex(b")") + 2 :].split()[1]) == me:
                found.append(int(entry))
        except (OSError, ValueError, IndexError):
            pass
    return found


def _reap() -> list[tuple[int, int]]:
    done = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return done
        if pid == 0:
            return done
        done.append((pid, os.waitstatus_to_exitcode(status)))


def _kill_all_children(rounds: int = 50) -> int:
    """SIGKILL every child (kernels and the orphans re-parented to this subreaper) until none is left."""
    killed = 0
    for _ in range(rounds):
        children = _children()
        if not children:
            break
        for pid in children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        deadline = time.monotonic() + 1
        while _children() and time.monotonic() < deadline:
            _reap()
            time.sleep(0.005)
    _reap()
    return killed


def _child(request: dict, inherited: list[socket.socket]) -> None:
    """In the forked child: become a fresh, sandboxed kernel process (never returns)."""
    code = 1
    try:
        for sock in inherited:  # the template's sockets: closed below, never again by these objects
            sock.detach()
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # not the template's pipe to the runner
            os.dup2(null, fd)
        os.close(null)
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.closerange(3, 65536)  # the template's socket, its connections, the wake-up pipe
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        import random

        random.seed()
        try:
            import numpy

            numpy.random.seed()
        except Exception:
            pass
        from casekit.grading import sandbox

        sys.argv = ["casekit.grading.sandbox", *request["args"]]
        sandbox.main(request["args"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _peer_pid(conn: socket.socket) -> int:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[0]


def serve() -> int:
    """Read the socket path from stdin, import, check for threads, then fork one kernel per request until stdin closes.

    Only the runner that started the template (its parent process) may ask: any other process, a
    sandboxed kernel included, is refused by its SO_PEERCRED pid, so no kernel can ask for a kernel
    with limits of its own choosing. The path comes on stdin, not the command line, which
    /proc/PID/cmdline would show to every process.
    """
    path = sys.stdin.buffer.readline().decode().strip()
    runner = os.getppid()
    if sys.path and sys.path[0] in ("", os.getcwd()):
        sys.path.pop(0)
    preload()
    if threads() != 1:
        print(f"refused: {threads()} threads after the imports; forking would be unsafe", flush=True)
        return 3
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(8)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    print("ready", flush=True)
    kernels: dict[int, socket.socket] = {}  # kernel pid -> the provisioner's connection
    clients: dict[socket.socket, bytes] = {}  # connections still sending their request
    stdin = sys.stdin.fileno()
    try:
        while True:
            watch = [listener, wake_r, stdin, *clients, *kernels.values()]
            try:
                ready, _, _ = select.select(watch, [], [], 1.0)
            except InterruptedError:
                ready = []
            for fd in ready:
                if fd == stdin:
                    if not os.read(stdin, 4096):
                        return 0  # the runner has gone
                elif fd == wake_r:
                    os.read(wake_r, 4096)
                elif fd is listener:
                    conn, _ = listener.accept()
                    try:
                        allowed = _peer_pid(conn) == runner
                    except OSError:
                        allowed = False
                    if allowed:
                        clients[conn] = b""
                    else:
                        conn.close()
                elif fd in clients:
                    chunk = fd.recv(1 << 16)
                    clients[fd] += chunk
                    if not chunk:
                        clients.pop(fd).close()
                    elif b"\n" in clients[fd]:
                        request = json.loads(clients.pop(fd).split(b"\n", 1)[0])
                        if request.get("op") == "clean":
                            fd.sendall(f"clean {_kill_all_children()}\n".encode())
                            fd.close()
                            continue
                        pid = os.fork()
                        if pid == 0:
                            _child(request, [listener, fd, *clients, *kernels.values()])
                        kernels[pid] = fd
                        fd.sendall(f"pid {pid}\n".encode())
                else:  # a provisioner closed its connection: its kernel is no longer wanted
                    pid = next((p for p, c in kernels.items() if c is fd), None)
                    try:
                        if fd.recv(1 << 16):
                            continue
                    except OSError:
                        pass
                    if pid is not None:
                        kernels.pop(pid).close()
                        try:
                            os.killpg(pid, signal.SIGKILL)
                        except OSError:
                            pass
            for pid, code in _reap():
                conn = kernels.pop(pid, None)
                if conn is not None:
                    try:
                        conn.sendall(f"exit {code}\n".encode())
                    except OSError:
                        pass
                    conn.close()
    finally:
        _kill_all_children()
        listener.close()
        try:
            os.unlink(path)
        except OSError:
            pass


# ---------------------------------------------------------------- the runner's side


def start_template(folder: str, env: dict[str, str], timeout: float = 60.0) -> subprocess.Popen | None:
    """Start a template process listening in FOLDER; return it once it is ready, or None (then kernels are exec'd)."""
    path = os.path.join(folder, "template.sock")
    proc = subprocess.Popen(
        [sys.executable, "-m", "casekit.grading.forkserver"],
        cwd=folder,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    proc.stdin.write(path.encode() + b"\n")
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if ready else b""
    if line.strip() != b"ready":
        proc.kill()
        proc.wait()
        return None
    SOCKET[:] = [path]
    return proc


def _request(message: dict) -> socket.socket:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(SOCKET[0])
    conn.sendall(json.dumps(message).encode() + b"\n")
    return conn


def _read_line(conn: socket.socket, timeout: float | None) -> str | None:
    conn.settimeout(timeout)
    data = b""
    try:
        while not data.endswith(b"\n"):
            chunk = conn.recv(256)
            if not chunk:
                break
            data += chunk
    except (TimeoutError, BlockingIOError):
        return None if not data else data.decode()
    return data.decode()


def clean() -> int:
    """Ask the template to kill whatever the last submission's kernels left behind; return how many it killed."""
    if not SOCKET:
        return 0
    try:
        conn = _request({"op": "clean"})
        line = _read_line(conn, 10) or ""
        conn.close()
        return int(line.split()[1]) if line.startswith("clean") else 0
    except (OSError, ValueError, IndexError):
        return 0


class ForkedKernel:
    """The `subprocess.Popen` surface jupyter_client's LocalProvisioner uses, for a kernel the template forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, conn: socket.socket):
        self.pid, self.conn, self.returncode = pid, conn, None

    def _check(self, timeout: float | None) -> int | None:
        if self.returncode is None:
            line = _read_line(self.conn, timeout)
            if line is not None:
                try:
                    self.returncode = int(line.split()[1]) if line.startswith("exit") else -9
                except (IndexError, ValueError):
                    self.returncode = -9
                self.conn.close()
        return self.returncode

    def poll(self) -> int | None:
        return self._check(0)

    def wait(self, timeout: float | None = None) -> int | None:
        code = self._check(timeout)
        if code is None:
            raise subprocess.TimeoutExpired("forked kernel", timeout)
        return code

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.killpg(self.pid, signum)

    def kill(self) -> None:
        try:
            self.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Start the sandbox kernel by asking the template to fork it; fall back to exec when there is no template."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if not SOCKET or cmd[1:3] != ["-m", "casekit.grading.sandbox"]:
            return await super().launch_kernel(cmd, **kwargs)
        try:
            conn = _request(
                {
                    "op": "start",
                    "args": cmd[3:],
                    "env": dict(kwargs.get("env") or os.environ),
                    "cwd": str(kwargs.get("cwd") or os.getcwd()),
                }
            )
            line = _read_line(conn, 30) or ""
            pid = int(line.split()[1])
        except (OSError, ValueError, IndexError):
            SOCKET.clear()  # the template is gone: exec kernels from now on
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid, conn)
        self.pid = self.pgid = pid
        self.cwd = kwargs.get("cwd")
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        """SIGKILL the kernel's process group, then wait (briefly) for its exit, so the manager's 0.1 s poll finds it gone."""
        await super().kill(restart)
        process = self.process
        if isinstance(process, ForkedKernel):
            deadline = time.monotonic() + 1.0
            while process.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.002)

    async def wait(self):
        """Like LocalProvisioner.wait, polling every 10 ms instead of 100 ms."""
        ret = 0
        if self.process:
            while await self.poll() is None:
                await asyncio.sleep(0.01)
            ret = self.process.returncode
            self.process = None
        return ret

    @property
    def exit_code(self):
        return getattr(self.process, "returncode", None)


def register() -> None:
    """Make the `casekit-fork` provisioner known to jupyter_client in this process (no entry point needed)."""
    from importlib.metadata import EntryPoint

    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    factory = KernelProvisionerFactory.instance()
    if PROVISIONER not in factory.provisioners:
        factory.provisioners[PROVISIONER] = EntryPoint(
            name=PROVISIONER,
            value="casekit.grading.forkserver:ForkProvisioner",
            group=KernelProvisionerFactory.GROUP_NAME,
        )


if __name__ == "__main__":
    sys.exit(serve())
