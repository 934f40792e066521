"""The state store: links, snapshots, decisions and the audit log (SQLAlchemy)."""
