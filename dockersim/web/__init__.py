"""`dockersim web`: the lesson page, a local web server on 127.0.0.1 (docs/web.md).

A front end like the CLI: it translates. `server` speaks HTTP, `api` judges each request
(Host, token, Origin, sizes) and routes it, `world` runs command lines on the saved world as
`dockersim docker`/`host` do (with the simulated machine), `lessons` loads scenarios and checks
them, `pictures` draws the world for the page, `markdown` renders lesson text safely. The page
itself is `static/` (index.html, app.js, app.css; xterm.js vendored in `static/vendor/`), kept
apart from the server so that a static export can reuse it.
"""
