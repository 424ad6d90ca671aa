"""Rendering with rich. The only package that imports rich; the core returns data and never prints."""
