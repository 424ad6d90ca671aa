"""The room's CA, fetched before anything about the room can be trusted, then pinned.

`tutor join` cannot verify the classroom service's certificate yet: the CA that signed it is what it is about
to fetch. So it asks without verifying, on purpose, and then trusts the answer only if its SHA-256 fingerprint
is the one the handout carries (tutor/classroom/tls.py). The request goes through the standard library's own
HTTPS client with an explicitly unverified context: it makes no claim to check anything, so there is nothing
to warn about (urllib3 would print an InsecureRequestWarning on the learner's screen, twice), and no warning
filter of the process is touched.
"""

from __future__ import annotations

import http.client
import ssl
from urllib.parse import urlsplit

from tutor.errors import TutorError

MAX_CA_BYTES = 64 * 1024  # a PEM certificate is a few kB


def fetch_unverified_ca(base: str, timeout: float = 10) -> bytes:
    """The bytes at `base`/ca.crt, over TLS, the server unverified; the caller pins them by fingerprint."""
    parts = urlsplit(base)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # nothing to verify against yet: the fingerprint check decides
    connection = http.client.HTTPSConnection(parts.hostname or "", parts.port or 443, timeout=timeout,
                                             context=context)
    try:
        connection.request("GET", "/ca.crt")
        response = connection.getresponse()
        body = response.read(MAX_CA_BYTES + 1)
    except (OSError, http.client.HTTPException):
        raise TutorError("classroom.service_unreachable", url=base) from None
    finally:
        connection.close()
    if response.status != 200 or len(body) > MAX_CA_BYTES:
        raise TutorError("classroom.service_unreachable", url=base)
    return body
