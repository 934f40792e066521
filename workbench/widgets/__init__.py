"""ipywidgets views over the core models; the only package that imports ipywidgets."""
