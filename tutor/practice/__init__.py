"""The practice environment: a real distribution registry with Docker-Hub-like token auth, and the
offline practice image."""
