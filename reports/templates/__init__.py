"""Package data of the reports (a package so that setuptools ships its files)."""
