"""The ``alternative-payments`` console script: the command line of the Rust core (``cli/``),
so that ``pip install alternative-payments`` brings it with no second implementation::

    alternative-payments payouts export --from 2026-11-01 --to 2026-11-30 --output payouts.csv
"""

from __future__ import annotations

import signal
import sys

from . import _native


def main() -> None:
    """Runs the command line with this process's arguments and exits with its code."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the command at once
    sys.exit(_native.cli_main(["alternative-payments", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
