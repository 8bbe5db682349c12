"""Built-in analysis stages: one module per stage, each registering itself.

Every module in this package is imported by :func:`legation.registry.discover`.
"""
