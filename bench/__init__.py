"""`polku bench`: Polku under load on its production server, measured against a bare Django page.

The pieces: `settings` and `urls` (what the served process runs with: Polku's own settings plus a query
counter and one bare page), `load` (the load generator and its statistics), `sampler` (lock waits in
pg_stat_activity), `table` (the printed table). The command is config/management/commands/bench.py.
"""
