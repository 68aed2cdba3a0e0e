"""Run the `newsdesk` command line: `python -m bot ...`."""

from bot.cli import main

main()
