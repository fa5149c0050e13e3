"""A private ClamAV daemon: our own config, socket, log and signatures, never the system's clamd service.

The embedded mode runs one when no ``CLAMD_URL`` is set, and the tests run one per session. Where
ClamAV's mirrors cannot be reached (this project's build machines), ``write_eicar_database`` makes a
database that knows only the EICAR test file, built with ``sigtool`` as ClamAV's docs describe. It finds
no real malware: it proves the plumbing, nothing more.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from shared.scanning.clamd import ClamdScanner
from shared.scanning.port import ScannerUnavailable

SIGNATURE_SUFFIXES = {".cvd", ".cld", ".cud", ".hdb", ".hsb", ".ndb", ".ldb", ".mdb", ".msb"}
EICAR_NAME = "Eicar-Test-Signature"
# The EICAR test string, in two halves so that no file of ours holds it whole (antivirus on a developer's
# machine would quarantine the file).
EICAR_PARTS = (r"X5O!P%@AP[4\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
_SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes
_PR_SET_PDEATHSIG = 1


def eicar() -> bytes:
    return "".join(EICAR_PARTS).encode("ascii")


def clamd_installed() -> bool:
    return shutil.which("clamd") is not None and shutil.which("sigtool") is not None


def has_signatures(folder: Path) -> bool:
    return folder.is_dir() and any(path.suffix in SIGNATURE_SUFFIXES for path in folder.iterdir())


def write_eicar_database(folder: Path) -> Path:
    """A signature database recognising only the EICAR test file, whole (.hdb) or inside another (.ndb)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        sample = Path(scratch) / "eicar.com"
        sample.write_bytes(eicar())
        md5_line = _sigtool("--md5", str(sample)).strip()
        hex_body = _sigtool("--hex-dump", stdin=eicar()).strip()
    md5, size, _ = md5_line.split(":", 2)
    (folder / "test.hdb").write_text(f"{md5}:{size}:{EICAR_NAME}\n")
    (folder / "test.ndb").write_text(f"{EICAR_NAME}:0:*:{hex_body}\n")
    return folder


def _die_with_parent() -> None:
    """In the child: ask Linux to stop clamd when the process that started it dies, even by SIGKILL."""
    with suppress(OSError):  # not Linux: clamd outlives a killed parent, as any child would
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _sigtool(*args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(["sigtool", *args], input=stdin, capture_output=True, check=True, timeout=30)
    return done.stdout.decode("ascii")


class ClamdProcess:
    """A clamd we start and stop, listening on a Unix socket under ``folder``."""

    def __init__(self, folder: Path, database_dir: Path, max_stream_bytes: int) -> None:
        self.folder = Path(folder).resolve()
        self.database_dir = Path(database_dir).resolve()
        self.max_stream_bytes = max_stream_bytes
        socket_dir = self.folder
        if len(str(socket_dir / "clamd.sock")) > _SOCKET_PATH_MAX:
            socket_dir = Path(tempfile.mkdtemp(prefix="clamd-"))
        self.socket = socket_dir / "clamd.sock"
        self.log = self.folder / "clamd.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> ClamdProcess:
        """Start clamd and return at once: loading a full signature set takes a while (and ~1 GB)."""
        (self.folder / "tmp").mkdir(parents=True, exist_ok=True)
        config = self.folder / "clamd.conf"
        config.write_text(self._config())
        with (self.folder / "clamd.out").open("ab") as output:
            self._process = subprocess.Popen(
                ["clamd", "-c", str(config)], stdout=output, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
            )
        return self

    def wait_until_ready(self, timeout: float = 60.0) -> ClamdProcess:
        scanner, deadline = ClamdScanner(self.url), time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                break
            try:
                scanner.check()
                return self
            except ScannerUnavailable:
                time.sleep(0.05)
        tail = "\n".join(self.log.read_text(errors="replace").splitlines()[-20:]) if self.log.exists() else ""
        raise RuntimeError(f"clamd did not answer on {self.socket} within {timeout:.0f}s. Log tail:\n{tail}")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None
        self.socket.unlink(missing_ok=True)

    def _config(self) -> str:
        stream_mb = self.max_stream_bytes // (1024 * 1024) + 1
        return "\n".join(
            [
                f"LocalSocket {self.socket}",
                "LocalSocketMode 600",
                f"DatabaseDirectory {self.database_dir}",
                f"TemporaryDirectory {self.folder / 'tmp'}",
                f"PidFile {self.folder / 'clamd.pid'}",
                f"LogFile {self.log}",
                "Foreground yes",
                f"StreamMaxLength {stream_mb}M",
                # What cannot be scanned whole is reported, not passed: over-limit, encrypted files.
                "AlertExceedsMax yes",
                "AlertEncrypted yes",
                "",
            ]
        )
