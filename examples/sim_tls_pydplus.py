#!/usr/bin/env python3
"""Look a user up in the casdesk simulator over verified HTTPS with pydplus, a public Python
client of the service, unchanged: a legacy key file, or an OAuth client.

    pip install pydplus
    casdesk sim --tls        # prints the key file, the CA file and the OAuth issuer
    python3 examples/sim_tls_pydplus.py --ca-file CA --key-file KEY john.doe@example.com
    python3 examples/sim_tls_pydplus.py --ca-file CA --api-url https://127.0.0.1:PORT \\
        --oauth-client casdesk-demo-ec --jwk assets/demo/oauth-client-ec.jwk john.doe@example.com

Prints `Enabled john.doe@example.com`, after (for a legacy key) the `aud` pydplus signed: the
bare origin, `https://127.0.0.1:PORT`. The CA file reaches pydplus through requests' usual
REQUESTS_CA_BUNDLE; without --ca-file the simulator's certificate is refused.
"""

import argparse
import os
import sys

import jwt
from pydplus import PyDPlus

parser = argparse.ArgumentParser()
parser.add_argument("--ca-file")
parser.add_argument("--key-file")
parser.add_argument("--api-url", help="the origin, for an OAuth client")
parser.add_argument("--oauth-client")
parser.add_argument("--jwk")
parser.add_argument("email")
args = parser.parse_args()

if args.ca_file:
    os.environ["REQUESTS_CA_BUNDLE"] = args.ca_file
else:
    os.environ.pop("REQUESTS_CA_BUNDLE", None)

try:
    if args.oauth_client:
        client = PyDPlus(
            connection_type="oauth",
            base_admin_url=args.api_url,
            oauth_issuer_url=args.api_url.rstrip("/") + "/oauth",
            oauth_client_id=args.oauth_client,
            oauth_private_key=os.path.abspath(args.jwk),
            oauth_scope="rsa.user.read",
            verify_ssl=True,
            strict_mode=True,
        )
    else:
        client = PyDPlus(
            legacy_key_material=args.key_file,
            connection_type="legacy",
            verify_ssl=True,
            strict_mode=True,
        )
        token = client.base_headers["Authorization"].split(" ", 1)[1]
        claims = jwt.decode(token, options={"verify_signature": False})
        print("aud", claims["aud"])
    user = client.users.get_user_details(args.email)
except Exception as failure:  # pydplus wraps requests' errors in its own
    print(f"{type(failure).__name__}: {failure}", file=sys.stderr)
    sys.exit(2)
print(user.get("userStatus"), user.get("emailAddress"))
