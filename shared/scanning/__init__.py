"""Checking uploaded files: what they really are (`sniffing`) and whether they carry malware (`Scanner`).

``ClamdScanner`` talks to a ClamAV daemon; ``ClamdProcess`` runs a private one (embedded mode, tests).
Neither is imported here, so importing this package starts nothing and opens no socket.
"""

from shared.scanning.port import ScanFailed, Scanner, ScannerUnavailable, Verdict
from shared.scanning.sniffing import FileRefused, sniff

__all__ = ["FileRefused", "ScanFailed", "Scanner", "ScannerUnavailable", "Verdict", "sniff"]
