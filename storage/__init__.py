"""The workspace on disk: durable TinyDB files, the lock, schema versions, backups, repository."""
