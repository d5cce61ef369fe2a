"""`make serve PORT=...`: the port is a setting, and a busy port gives one clear line, not a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from helpers import ROOT

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast


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


def test_serve_watches_briefings_dir_elsewhere(tmp_path):
    """A briefing changed in the plugin's briefings_dir (outside the project) rebuilds the served site."""
    import time

    from helpers import BIN, generate, offline_env, site_config

    seeds, briefings = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    (seeds / "port.md").write_text(
        "---\ntitle: Port strike ends after three weeks\ndate: 2021-03-01\n---\n\n"
        "Dock workers in Portvale returned to work on Monday after union leaders accepted a 6% pay offer. "
        "The Portvale Dockers Union said members voted 812 to 340 to end the strike.\n", encoding="utf-8")
    assert generate("--input", str(seeds), "--output", str(briefings)).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-f", str(site_config(briefings, tmp_path / "config")),
             "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, env=offline_env(), cwd=tmp_path)
    try:
        def wait_for(text: str, count: int = 1, timeout: float = 240) -> None:
            deadline = time.monotonic() + timeout
            while log.read_text().count(text) < count:
                assert server.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, f"no {text!r} x{count} in:\n{log.read_text()[-3000:]}"
                time.sleep(0.5)

        wait_for("Serving on")
        [page] = briefings.glob("port-*.json")
        page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        wait_for("Building documentation", count=2)  # the first build, then the rebuild
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
