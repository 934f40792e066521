"""Headless runs of the notebooks with papermill."""
