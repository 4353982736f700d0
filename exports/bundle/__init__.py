"""Sync bundles: the files that carry a group's records to the coordinator and to a co-facilitator.

``format`` says what a bundle holds, ``keys`` sets up the group keys that sign it, ``privacy``
decides what may leave the laptop, ``writer`` makes a bundle, ``reader`` checks one whole before
anything is written, ``merge`` decides version against version, and ``importer`` applies a bundle
to the workspace atomically. The format is documented in ``docs/bundle-format.md``.
"""
