"""model-audit: audit an organisation's AI models for licence, GDPR and EU AI Act compliance.

The pipeline runs one way: inventory -> resolve -> evaluate -> report.
"""

__version__ = "0.1.0"
