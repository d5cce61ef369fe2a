"""Exit 0 if HOST:PORT can be listened on, else print one line saying what to do and exit 1.

Used by `make serve` before `mkdocs serve`, which otherwise ends in a traceback
when the port is taken:  python tools/port_free.py 127.0.0.1 8000
"""

from __future__ import annotations

import errno
import socket
import sys


def main(argv: list[str]) -> int:
    host = argv[0] if argv else "127.0.0.1"
    port_text = argv[1] if len(argv) > 1 else "8000"
    try:
        port = int(port_text)
        if not 0 < port < 65536:
            raise ValueError
    except ValueError:
        print(f"error: PORT={port_text!r} is not a port number; use e.g. make serve PORT=8001", file=sys.stderr)
        return 2
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As mkdocs' server does: a port left in TIME_WAIT is free, one a server listens on is not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            sock.listen()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                print(f"error: port {port} on {host} is already in use (another `make serve`?); "
                      f"stop that server or pick another port: make serve PORT={port + 1}", file=sys.stderr)
            else:
                print(f"error: cannot listen on {host}:{port} ({exc.strerror}); "
                      f"pick another port: make serve PORT=8001", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
