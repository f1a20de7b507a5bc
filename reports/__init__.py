"""Reports: the JSON document every format is rendered from, and its renderers."""
