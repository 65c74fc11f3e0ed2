# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """HTTP connection options shared by every module and plugin that talks to an API."""

    DOCUMENTATION = r'''
options:
  timeout:
    description:
      - Seconds to wait for each HTTP request, connecting included.
    type: int
    default: 30
  validate_certs:
    description:
      - Verify the server's TLS certificate.
      - Turn this off only for a test server; use O(ca_path) for a private CA instead. A task that turns it
        off gets a warning saying so.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of CA certificates to trust when verifying the server.
    type: path
  client_cert:
    description:
      - PEM file with a client certificate for mutual TLS. May also hold the key.
    type: path
  client_key:
    description:
      - PEM file with the private key of O(client_cert), when the certificate file does not hold it.
    type: path
  use_proxy:
    description:
      - Use the proxies named by the C(https_proxy), C(http_proxy) and C(no_proxy) environment variables.
    type: bool
    default: true
  retries:
    description:
      - How many times to retry a request answered with HTTP 429, 502, 503 or 504, or that failed to connect (0 to 10).
      - Waits grow exponentially with jitter and honour the C(Retry-After) header (whole seconds or an HTTP date;
        any other value is ignored and the backoff applies).
      - At most 11 attempts per request whatever the server answers, even a C(Retry-After) of 0 every time.
      - Requests that are not idempotent, and any answer from a token endpoint that refuses the
        credentials, are never retried. A connection that could not be made (refused, host unreachable)
        sent nothing, so it is retried whatever the request.
    type: int
    default: 3
  max_retry_wait:
    description:
      - Cap, in seconds, on the total time spent waiting between retries of one request (0 to 600).
      - A C(Retry-After) longer than what is left ends the retries.
    type: float
    default: 60
'''
