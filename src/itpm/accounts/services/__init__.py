"""Every write about people, departments and API keys, with its permission check and audit row,
one module a sub-domain: ``departments``, ``people`` (with ``ownership``, what a person is
answerable for), ``keys`` (API keys and their rate limit) and ``sign_in`` (throttling and
password changes). Callers import the module they need."""
