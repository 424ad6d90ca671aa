"""The registry HTTP client (OCI distribution API, Basic and Bearer auth); the practice registry itself is
tutor.practice."""
