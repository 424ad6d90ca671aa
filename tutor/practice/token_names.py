"""What the practice registry and its token service agree on: the token's issuer and service names, and
where the service keeps its signing key and the certificate the registry trusts (`rootcertbundle`).

Apart from tokens.py so that the launcher, imported by every `tutor start` and `tutor practice up/status/down`,
takes them without loading jwt and cryptography (tens of milliseconds)."""

from __future__ import annotations

from pathlib import Path

ISSUER = "tutor-practice"
SERVICE = "tutor-practice"


def signing_paths(directory: Path) -> tuple[Path, Path]:
    """(private key, certificate) in a place's directory."""
    return directory / "token.key", directory / "token.crt"
