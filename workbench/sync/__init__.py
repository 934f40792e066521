"""Sync between two systems: overview categories, actions, policies, change sets (see ``docs/sync.md``)."""

from workbench.sync.actions import (
    Action,
    CreatePartner,
    CreatePartners,
    DecidePair,
    DecidePairs,
    ImportLinks,
    LinkPartners,
    RecordSync,
    Resolution,
    ResolveConflict,
    ResolveConflicts,
    SetSync,
    Unlink,
    undo_entry,
)
from workbench.sync.categories import CATEGORIES, SyncOverview, categorize
from workbench.sync.changeset import ChangeSet, SystemChanges, apply_changes, build_changeset, export_changeset
from workbench.sync.numbering import Numbering
from workbench.sync.policies import FieldPriority, NewestWins, SystemPriority, conflict_policy, resolve_by_policy

__all__ = [
    "CATEGORIES", "Action", "ChangeSet", "CreatePartner", "CreatePartners", "DecidePair", "DecidePairs",
    "FieldPriority",
    "ImportLinks", "LinkPartners", "NewestWins", "Numbering", "RecordSync", "Resolution", "ResolveConflict",
    "ResolveConflicts", "SetSync", "SyncOverview", "SystemChanges", "SystemPriority", "Unlink", "apply_changes",
    "build_changeset", "categorize", "conflict_policy", "export_changeset", "resolve_by_policy", "undo_entry",
]
