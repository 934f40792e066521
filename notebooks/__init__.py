"""The notebooks folder is a package only so that pytest imports notebooks/conftest.py under a unique name."""
