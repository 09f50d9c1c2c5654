"""Tooling around the running site: the one client (`client`), the production
path it talks to (`server`), and the `make load` and `make bench` runs.
`make prod-check` and `make faults` are pytest tests in tests/prod/."""
