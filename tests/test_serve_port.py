"""`make serve PORT=...`: the port is a setting, and a busy port gives one clear line, not a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

from helpers import ROOT


def port_free(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "port_free.py"), *args],
                          capture_output=True, text=True, timeout=30)


def test_busy_port_is_one_clear_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = port_free("127.0.0.1", str(port))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in lines[0]
    assert f"make serve PORT={port + 1}" in lines[0]


def test_free_port_passes_and_bad_port_is_explained():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert port_free("127.0.0.1", str(port)).returncode == 0
    bad = port_free("127.0.0.1", "eighty")
    assert bad.returncode == 2 and "is not a port number" in bad.stderr and "Traceback" not in bad.stderr


def test_make_serve_uses_the_port_setting():
    result = subprocess.run(["make", "-n", "serve", "PORT=8123"], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "tools/port_free.py 127.0.0.1 8123" in result.stdout
    assert "mkdocs serve --dev-addr 127.0.0.1:8123" in result.stdout
