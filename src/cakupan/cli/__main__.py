"""``python -m cakupan.cli``: the same command as ``cakupan``."""

import sys

from cakupan.cli import main

if __name__ == "__main__":
    sys.exit(main())
