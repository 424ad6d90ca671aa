"""The room's own certificate authority and the server certificate for its listen address: Docker refuses
plain HTTP to any registry beyond 127.0.0.0/8, so a room registry speaks TLS with a CA the learners install."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tutor.files import private_directory, write_private


def _write_key(path: Path, key) -> None:
    write_private(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))  # 0600 from the first byte


def make_room_certificates(directory: Path, host: str) -> tuple[Path, Path, Path]:
    """(ca.crt, server.crt, server.key) for `host` (an IP address or a name); made once per host."""

    private_directory(directory)
    ca_cert, server_cert, server_key = directory / "ca.crt", directory / "server.crt", directory / "server.key"
    marker = directory / "server.host"
    if ca_cert.exists() and server_cert.exists() and marker.exists() and marker.read_text() == host:
        return ca_cert, server_cert, server_key
    now = dt.datetime.now(dt.timezone.utc)
    ca_key_path = directory / "ca.key"
    if ca_key_path.exists() and ca_cert.exists():
        ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
        ca = x509.load_pem_x509_certificate(ca_cert.read_bytes())
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tutor classroom CA")])
        ca = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(ca_key.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
              .not_valid_after(now + dt.timedelta(days=365))
              .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                           content_commitment=False, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, encipher_only=False,
                                           decipher_only=False), critical=True)
              .sign(ca_key, hashes.SHA256()))
        _write_key(ca_key_path, ca_key)
        ca_cert.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    try:
        alt = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        alt = x509.DNSName(host)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
            .issuer_name(ca.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    _write_key(server_key, key)
    server_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    marker.write_text(host)
    return ca_cert, server_cert, server_key


def fingerprint(ca_cert: Path | bytes) -> str:
    """SHA-256 of the CA certificate's DER form, hex: what a join URL carries so a learner can trust it."""
    pem = ca_cert if isinstance(ca_cert, bytes) else ca_cert.read_bytes()
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).hexdigest()
