#!/usr/bin/env python3
"""Command line of the procurement action catalogue: `python build.py --help`."""

from katalogi.cli import main

if __name__ == "__main__":
    main("build.py")
