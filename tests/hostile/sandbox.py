"""Run the specgen CLI under a Python audit hook that records what it does to the outside world.

Usage: ``python sandbox.py LOG -- ARGS...`` runs ``generator.cli.main(ARGS)`` and appends one
JSON line per audited event to ``LOG``:

- ``{"event": "socket.connect", ...}`` for every socket event (creation, name lookup,
  connection, binding); the hook also *refuses* them, so nothing can reach the network;
- ``{"event": "subprocess.Popen", ...}`` (and ``os.system``, ``os.exec``, ``os.posix_spawn``)
  for every attempt to run a program, also refused;
- ``{"event": "os.fork"}``, recorded but allowed: specgen formats a large package in forked
  worker processes, which inherit this hook (they can no more connect or run a program);
- ``{"event": "write", "path": ...}`` for every file opened for writing and every file or
  folder created, renamed, linked, removed or re-moded, so tests can check where specgen writes.

The log is written with ``os.write`` on a descriptor opened before the hook is installed,
so recording an event raises no event itself. Exit code: the CLI's.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

_REFUSED_PREFIXES = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn")
_WRITES = {
    "os.mkdir": 0,
    "os.rename": (0, 1),
    "os.link": (0, 1),
    "os.symlink": (1,),
    "os.remove": 0,
    "os.rmdir": 0,
    "os.chmod": 0,
    "os.truncate": 0,
    "shutil.rmtree": 0,
    "shutil.copyfile": (1,),
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Refused(Exception):
    """What the hook raises to stop a refused operation."""


def main() -> int:
    log_path, separator, *args = sys.argv[1:]
    assert separator == "--", "usage: sandbox.py LOG -- ARGS..."
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def record(entry: dict[str, Any]) -> None:
        os.write(fd, (json.dumps(entry, default=repr) + "\n").encode("utf-8", "backslashreplace"))

    def hook(event: str, arguments: tuple[Any, ...]) -> None:
        if event == "os.fork":
            record({"event": event})
            return
        if event.startswith(_REFUSED_PREFIXES):
            record({"event": event, "args": [repr(a)[:200] for a in arguments]})
            raise Refused(f"sandbox: {event} refused")
        if event == "open":
            path, mode, flags = [*arguments, None, None, None][:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
            )
            if writing and isinstance(path, (str, bytes, os.PathLike)):
                record({"event": "write", "path": os.path.abspath(os.fsdecode(path))})
            return
        positions = _WRITES.get(event)
        if positions is not None:
            for index in (positions,) if isinstance(positions, int) else positions:
                target = arguments[index] if index < len(arguments) else None
                if isinstance(target, (str, bytes, os.PathLike)):
                    record({"event": "write", "op": event, "path": os.path.abspath(os.fsdecode(target))})

    sys.addaudithook(hook)
    if args == ["--self-test-connect"]:  # a positive control for the tests: the hook sees a connection
        import socket

        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except Refused:
            print("refused")
        return 0
    from generator.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
