"""THE Docker seam: every Docker SDK call and every `docker` CLI run the tutor makes (engine.py, cli.py), and
Docker's own config and credentials (config.py, podman_auth.py). Nothing outside this package imports the
SDK or runs `docker`: tests patch one place, and a hung or refused engine is one sentence everywhere."""
