"""Package data of the comparison: the shipped example pricing file."""
