"""The rule kinds: one class per kind (fields, request, messages, models) and the JSON Schema plumbing.

A package with its own ``__init__`` so that chatdialect imports from a zip (``spark-submit --py-files``),
which cannot hold namespace packages.
"""
