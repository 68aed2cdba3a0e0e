"""Developer tools that run outside the package: the lock file (`lockfile.py`)."""
