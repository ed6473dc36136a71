"""`dockersim serve`: the Docker Engine API over a unix socket or loopback TCP.

A front end like `dockersim/docker/`: it translates HTTP requests into engine calls and engine
answers into the JSON, streams and status codes of a Docker Engine 29 daemon (API 1.52, at
least 1.44), over the same saved world as the `dockersim docker` command line. Facts and
traps: ../shared/spec/engine-api.md; the layers: `http.py` (HTTP/1.1 on a socket), `server.py`
(listening, threads, shutdown), `world.py` (the saved world under its lock), `routes.py`
(paths to handlers, errors), and one module of handlers per area.
"""
