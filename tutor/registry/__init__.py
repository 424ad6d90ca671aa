"""Registries: the OCI distribution client, and the practice registry (launcher, token service, accounts)."""
