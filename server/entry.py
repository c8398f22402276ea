"""Console entry point: patch the async library first, then run the CLI.

Nothing may be imported above the patch: an unpatched lock taken before
`eventlet.monkey_patch()` breaks the server (see docs/stack-notes.md).
"""

import os
import sys


def main() -> None:
    """Run `motcua ...`; `serve` patches eventlet or gevent before anything else."""
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        mode = os.environ.get("QMS_ASYNC_MODE", "eventlet")
        if mode == "eventlet":
            # psycopg only knows gevent; under eventlet it must use select().
            os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
            import warnings

            # Known and chosen (async mode is a setting): don't alarm whoever reads the log.
            warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
            import eventlet

            eventlet.monkey_patch()
        elif mode == "gevent":
            from gevent import monkey

            monkey.patch_all()
    from server.cli import run

    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
