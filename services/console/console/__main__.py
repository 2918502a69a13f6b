"""`python -m console web [--port N]`: the console under gunicorn (it has no worker and no
migrations: it owns no data)."""

from __future__ import annotations

import argparse
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m console")
    parser.add_argument("command", choices=["web"])
    parser.add_argument("--bind", default="127.0.0.1:8086")
    parser.add_argument("--threads", default="8")
    args = parser.parse_args()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(
        gunicorn,
        [
            gunicorn,
            "-c",
            "python:foyer_shared.gunicorn_conf",
            "-k",
            "gthread",
            "--threads",
            args.threads,
            "-b",
            args.bind,
            "console:create_app()",
        ],
    )


if __name__ == "__main__":
    main()
