"""The research team's REFI-QDA project (``.qdpx``): the held meetings as plain-text sources, the
memo entries coded in them (:mod:`exports.qdpx.sources`), and the project file that QDA tools open
(:mod:`exports.qdpx.project`)."""
