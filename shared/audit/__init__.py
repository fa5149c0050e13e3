"""The append-only audit trail every service keeps: who changed what, for which CSP, when and from where.

What is logged, where, who may read it and for how long: docs/audit.md.
"""

from shared.audit.changes import created, diff, plain, snapshot
from shared.audit.model import AuditEventMixin
from shared.audit.trail import SYSTEM_ROLE, AuditTrail

__all__ = ["SYSTEM_ROLE", "AuditEventMixin", "AuditTrail", "created", "diff", "plain", "snapshot"]
