"""Registry tokens, Docker Hub style: an ES256 JWT the distribution registry accepts (`auth.token`), with
the signing certificate in the `x5c` header and the access the token service grants in `access`.

Rules (as on Docker Hub): an account may push and pull `<its username>/...`; everyone may pull anything.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tutor.files import write_private, write_text
from tutor.practice.token_names import ISSUER, SERVICE, signing_paths

TOKEN_SECONDS = 300
# Refresh tokens (Docker's "identity tokens") carry their own audience, so the registry never accepts one as
# an access token and the token service never takes an access token as a refresh token.
REFRESH_AUDIENCE = "tutor-practice-refresh"
REFRESH_SECONDS = 30 * 24 * 3600


def make_signing_material(directory: Path) -> tuple[Path, Path]:
    """A P-256 key and a self-signed certificate for it (the registry's `rootcertbundle`), made once, by the
    token service when it starts. The key is in place before the certificate, and each appears whole: the
    launcher starts the registry once the certificate is there."""
    key_path, cert_path = signing_paths(directory)
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path

    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ISSUER)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650)).sign(key, hashes.SHA256())
    )

    write_private(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))  # 0600 from the first byte
    write_text(cert_path, cert.public_bytes(serialization.Encoding.PEM).decode("ascii"), mode=0o644)
    return key_path, cert_path


@dataclass(frozen=True)
class Scope:
    type: str
    name: str
    actions: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Scope | None:
        # `repository:budi/my-app:pull,push`; the name itself may hold a `:port` only in its type part.
        parts = text.split(":")
        if len(parts) < 3:
            return None
        return cls(parts[0], ":".join(parts[1:-1]), tuple(a for a in parts[-1].split(",") if a))


def granted_actions(user: str | None, scope: Scope) -> list[str]:
    if scope.type != "repository":
        return []
    allowed = {"pull"}
    namespace, _, name = scope.name.partition("/")
    # Docker Hub's names are exactly `namespace/name`: `budi/app` is budi's, `budi/sub/app` is nobody's.
    if user and namespace == user and name and "/" not in name:
        allowed |= {"push", "pull"}
    return [a for a in scope.actions if a in allowed]


def granted_scope(user: str | None, scopes: list[Scope]) -> str:
    """What a token grants, in the scope syntax (`repository:budi/app:push,pull ...`): the OAuth answer's
    `scope`, the requested scopes less what was not granted."""
    granted = ((s, granted_actions(user, s)) for s in scopes)
    return " ".join(f"{s.type}:{s.name}:{','.join(actions)}" for s, actions in granted if actions)


class TokenIssuer:
    def __init__(self, key_path: Path, cert_path: Path, issuer: str = ISSUER, service: str = SERVICE) -> None:
        self._key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        self._public_key = self._key.public_key()
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        self._x5c = [base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()]
        self.issuer, self.service = issuer, service

    def issue(self, user: str | None, scopes: list[Scope]) -> dict:
        now = int(time.time())
        access = [
            {"type": s.type, "name": s.name, "actions": granted_actions(user, s)} for s in scopes
        ]
        claims = {"iss": self.issuer, "sub": user or "", "aud": self.service, "exp": now + TOKEN_SECONDS,
                  "nbf": now - 10, "iat": now, "jti": secrets.token_hex(16), "access": access}
        token = jwt.encode(claims, self._key, algorithm="ES256", headers={"x5c": self._x5c})
        issued = dt.datetime.fromtimestamp(now, dt.timezone.utc).isoformat()
        return {"token": token, "access_token": token, "expires_in": TOKEN_SECONDS, "issued_at": issued}

    def issue_refresh(self, user: str) -> str:
        """A long-lived refresh token for `user` (what `docker login` keeps as an identity token)."""
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": user, "aud": REFRESH_AUDIENCE, "exp": now + REFRESH_SECONDS, "iat": now,
                  "jti": secrets.token_hex(16)}
        return jwt.encode(claims, self._key, algorithm="ES256")

    def refresh_user(self, token: str) -> str | None:
        """The user a refresh token of ours was issued to, or None for anything else (expired, forged, an
        access token)."""
        try:
            claims = jwt.decode(token, self._public_key, algorithms=["ES256"], audience=REFRESH_AUDIENCE,
                                issuer=self.issuer)
        except jwt.PyJWTError:
            return None
        user = claims.get("sub")
        return user if isinstance(user, str) and user else None
