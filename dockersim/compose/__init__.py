"""`docker compose` (the Compose v2 plugin, v2.37 with compose-go v2.6, June 2025).

`file` finds and reads the Compose file on the client's machine and names the project,
`interpolate` substitutes `${VAR}`, `yamlload` parses untrusted YAML with bounds, `model`
checks the file and builds the `Project`, `up` and `ops` turn it into engine calls with
Compose's progress lines, `views` prints `ps`, `ls` and `logs`, `listing` runs the reading
commands (ps, images, top, port, version, pull), `config` renders the canonical file, and
`cli` reads the command line. See docs/compose.md for the sources of every text.
"""
