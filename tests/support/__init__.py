"""Plain helpers shared by the tests (no fixtures: those are plugins in tests/fixtures/).

- ``actors``: the five actors every restricted operation is tried with;
- ``concurrency``: ``run_concurrently``/``race`` for races on PostgreSQL;
- ``graphql``: ``gql``, ``multipart``, ``token_for``, ``gid``, ``errors_of``, ``permission_denied``;
- ``images``: small real JPEG/PNG files;
- ``queries``: ``count_queries``, ``get_counted``, ``gql_counted``;
- ``services``: whether a service of deploy/services.sh (or Chromium, axe-core) is there;
- ``units``: administrative units and product groups of the reference data by code.
"""
