"""Sync between two systems: overview categories, actions, policies, change sets."""
