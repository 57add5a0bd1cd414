#!/usr/bin/env python3
"""Look a user up in the casdesk simulator over verified HTTPS with requests and PyJWT, the way
most Python clients of the real service do (pydplus uses the same two libraries).

    pip install requests pyjwt cryptography
    casdesk sim --tls        # prints the key file and the CA file it wrote
    python3 examples/sim_tls_requests.py KEY CA john.doe@example.com

Prints `200 Enabled john.doe@example.com`. `verify=CA` is requests' usual CA-bundle setting
(REQUESTS_CA_BUNDLE works too); without it the simulator's certificate is refused.
"""

import json
import sys
import time

import jwt
import requests

key_file, ca_file, email = sys.argv[1:4]
key = json.load(open(key_file))
now = int(time.time())
token = jwt.encode(
    {"sub": key["accessID"], "iat": now, "exp": now + 3600, "aud": key["adminRestApiUrl"]},
    key["accessKey"],
    algorithm="RS256",
    headers={"typ": "JWT"},
)
answer = requests.post(
    key["adminRestApiUrl"] + "v1/users/lookup",
    headers={"Authorization": f"Bearer {token}"},
    json={"email": email},
    verify=ca_file,
    timeout=30,
)
user = answer.json()
print(answer.status_code, user.get("userStatus"), user.get("emailAddress"))
