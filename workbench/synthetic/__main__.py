"""Regenerate the committed samples: ``python -m workbench.synthetic data_samples [--seed N]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from workbench.synthetic.samples import SEED, write_samples


def main(argv: Sequence[str] | None = None) -> int:
    """Write the sample files into the folder given on the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m workbench.synthetic",
                                     description="Write the sample exports and their truth.json into FOLDER.")
    parser.add_argument("folder", help="where to write the files (created if missing)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED}, the committed one)")
    args = parser.parse_args(argv)
    try:
        paths = write_samples(args.folder, args.seed)
    except OSError as error:
        print(f"Cannot write the samples into {args.folder}: {error.strerror or error}. "
              "Choose a folder you can write to.", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
