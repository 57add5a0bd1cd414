#!/usr/bin/env python3
"""Look a user up in the casdesk simulator over verified HTTPS, with Python's standard library.

    casdesk sim --tls        # prints the key file and the CA file it wrote
    python3 examples/sim_tls_lookup.py --key-file KEY --ca-file CA john.doe@example.com

It signs the legacy RS256 JWT the service asks for (sub = accessID, aud = adminRestApiUrl as
written, exp one hour after iat), POSTs v1/users/lookup, and prints the status and the user's
state: `200 Enabled john.doe@example.com`. The certificate is checked against --ca-file (the
system's roots without it, which do not know the simulator's CA: that fails, as it should).

The signature is computed here with plain integer arithmetic so the example needs nothing
installed. That is fine for the demo key; it is not constant-time, so for a real tenant's key use
a vetted library instead (PyJWT with cryptography, see README.md).

Exit codes: 0 the lookup answered 200, 1 the service refused it (its JSON error is printed),
2 the key file or the TLS connection failed.
"""

import argparse
import base64
import hashlib
import json
import ssl
import sys
import time
import urllib.error
import urllib.request

# DER of the DigestInfo header for SHA-256 (RFC 8017 section 9.2, note 1).
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def der_element(data: bytes, pos: int):
    """One DER element at pos: (tag, contents, position after it)."""
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        size = length & 0x7F
        length = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    return tag, data[pos : pos + length], pos + length


def rsa_private_numbers(pem: str):
    """(n, d) of a PKCS#1 RSA private key, the form of a key file's accessKey."""
    if "-----BEGIN RSA PRIVATE KEY-----" not in pem:
        raise ValueError("accessKey is not a PKCS#1 RSA private key (BEGIN RSA PRIVATE KEY)")
    body = "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))
    tag, sequence, _ = der_element(base64.b64decode(body), 0)
    if tag != 0x30:
        raise ValueError("accessKey does not hold a DER sequence")
    numbers, pos = [], 0
    while pos < len(sequence) and len(numbers) < 4:
        tag, value, pos = der_element(sequence, pos)
        if tag != 0x02:
            raise ValueError("accessKey holds something other than integers")
        numbers.append(int.from_bytes(value, "big"))
    _version, n, _e, d = numbers
    return n, d


def rs256(message: bytes, pem: str) -> bytes:
    """RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 section 8.2.1)."""
    n, d = rsa_private_numbers(pem)
    k = (n.bit_length() + 7) // 8
    digest_info = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    encoded = b"\x00\x01" + b"\xff" * (k - len(digest_info) - 3) + b"\x00" + digest_info
    return pow(int.from_bytes(encoded, "big"), d, n).to_bytes(k, "big")


def legacy_jwt(key: dict) -> str:
    now = int(time.time())
    header = {"typ": "JWT", "alg": "RS256"}
    claims = {"sub": key["accessID"], "iat": now, "exp": now + 3600, "aud": key["adminRestApiUrl"]}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    return signing_input + "." + b64url(rs256(signing_input.encode("ascii"), key["accessKey"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--key-file", required=True, help="the key file casdesk sim wrote")
    parser.add_argument("--ca-file", help="the CA file casdesk sim --tls wrote")
    parser.add_argument("email", nargs="?", default="john.doe@example.com")
    args = parser.parse_args()

    try:
        with open(args.key_file, encoding="utf-8") as f:
            key = json.load(f)
        token = legacy_jwt(key)
    except (OSError, ValueError, KeyError) as e:
        print(f"key file {args.key_file}: {e}", file=sys.stderr)
        return 2

    # Verification stays on: the CA file is added as the trust anchor, never CERT_NONE.
    context = ssl.create_default_context(cafile=args.ca_file)
    request = urllib.request.Request(
        key["adminRestApiUrl"] + "v1/users/lookup",
        data=json.dumps({"email": args.email}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as answer:
            user = json.load(answer)
            print(answer.status, user.get("userStatus"), user.get("emailAddress"))
            return 0
    except urllib.error.HTTPError as e:
        # The service's own error shape, e.g. 403 for a token it does not accept.
        print(e.code, e.read().decode("utf-8", "replace"))
        return 1
    except urllib.error.URLError as e:
        print(f"TLS or connection failure: {e.reason}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
