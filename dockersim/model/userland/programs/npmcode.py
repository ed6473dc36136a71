"""The code npm and yarn install for the packages of the offline index (npmindex.py): small
CommonJS modules written for dockersim in the subset of JavaScript its node runs, doing what
the real packages do for what tutorials use. A package not here gets a stand-in main file
whose first line (jsmodules.STAND_IN) makes `require` say it is not simulated.

express: `express()` with `use`, `get`/`post`/`put`/`delete`/`all` (paths with `:params`),
`Router()`, `express.json()`, `express.urlencoded()`, `express.static(dir)`, `listen`;
`req.params`/`query`/`body`/`path`, `res.status`/`send`/`json`/`sendStatus`/`sendFile`/`set`/
`redirect`, and the 404 and 500 pages of its finalhandler, with express 4's headers (ETag as
W/"length-sha1"). Simplifications: no regular-expression paths, no view engines; static files
are read as UTF-8 text and have no Last-Modified or ETag.
"""

from __future__ import annotations

# ruff: noqa: E501  (JavaScript source)
from dockersim.model.userland.programs.npmcode_db import CODE as DB_CODE

EXPRESS = r"""'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const TYPES = {
  '.html': 'text/html; charset=UTF-8', '.htm': 'text/html; charset=UTF-8',
  '.js': 'application/javascript; charset=UTF-8', '.css': 'text/css; charset=UTF-8',
  '.json': 'application/json; charset=UTF-8', '.txt': 'text/plain; charset=UTF-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/vnd.microsoft.icon',
  '.jpg': 'image/jpeg', '.woff': 'font/woff', '.woff2': 'font/woff2',
};
const STATUS = http.STATUS_CODES;

function etag(body) {
  const hash = crypto.createHash('sha1').update(body).digest('base64').substring(0, 27);
  return 'W/"' + body.length.toString(16) + '-' + hash + '"';
}

function escapeHtml(text) {
  return text.split('&').join('&amp;').split('<').join('&lt;').split('>').join('&gt;')
    .split('"').join('&quot;').split("'").join('&#39;');
}

function errorPage(text) {
  return '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<title>Error</title>\n</head>\n<body>\n<pre>' + text + '</pre>\n</body>\n</html>\n';
}

function parseQuery(text) {
  const query = {};
  if (!text) return query;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).split('+').join(' ');
    const value = (eq < 0 ? '' : pair.slice(eq + 1)).split('+').join(' ');
    if (key in query) query[key] = [].concat(query[key], value);
    else query[key] = value;
  }
  return query;
}

function matchPath(pattern, url, end) {
  const want = pattern.split('/').filter(p => p !== '');
  const got = url.split('/').filter(p => p !== '');
  if (got.length < want.length || (end && got.length !== want.length)) return null;
  const params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*') return params;
    if (want[i].startsWith(':')) {
      const name = want[i].endsWith('?') ? want[i].slice(1, -1) : want[i].slice(1);
      params[name] = got[i];
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}

function Router() {
  const stack = [];
  const router = function (req, res, done) { router.handle(req, res, done); };
  router.stack = stack;
  router.use = function (...args) {
    let base = '/';
    if (typeof args[0] === 'string') base = args.shift();
    for (const fn of args.flat()) stack.push({ path: base, method: null, end: false, fn });
    return router;
  };
  for (const method of ['get', 'post', 'put', 'delete', 'patch', 'all']) {
    router[method] = function (route, ...fns) {
      for (const fn of fns.flat()) {
        stack.push({ path: route, method: method === 'all' ? null : method.toUpperCase(), end: true, fn });
      }
      return router;
    };
  }
  router.route = function (route) {
    const chain = {};
    for (const method of ['get', 'post', 'put', 'delete', 'patch', 'all']) {
      chain[method] = (...fns) => { router[method](route, ...fns); return chain; };
    }
    return chain;
  };
  router.handle = function (req, res, done) {
    let i = 0;
    const base = req.baseUrl || '';
    const next = (err) => {
      if (err === 'router') return done();
      while (i < stack.length) {
        const layer = stack[i++];
        const url = req.path.slice(base.length) || '/';
        if (layer.method && layer.method !== req.method &&
            !(layer.method === 'GET' && req.method === 'HEAD')) continue;
        const params = matchPath(layer.path, url, layer.end);
        if (params === null) continue;
        const isErrorHandler = layer.fn.length === 4;
        if (err !== undefined && !isErrorHandler) continue;
        if (err === undefined && isErrorHandler) continue;
        req.params = Object.assign({}, req.params, params);
        if (!layer.end && layer.path !== '/') {
          const inner = Object.assign(req, {});
          inner.baseUrl = base + (layer.path.endsWith('/') ? layer.path.slice(0, -1) : layer.path);
        }
        try {
          const out = err !== undefined ? layer.fn(err, req, res, next) : layer.fn(req, res, next);
          if (out && typeof out.then === 'function' && typeof out.catch === 'function') {
            out.catch(e => next(e));
          }
        } catch (e) {
          next(e);
        }
        return;
      }
      req.baseUrl = base;
      done(err);
    };
    next();
  };
  return router;
}

function makeResponse(app, req, res) {
  res.status = function (code) { res.statusCode = code; return res; };
  res.set = res.header = function (field, value) {
    if (typeof field === 'object') {
      for (const key of Object.keys(field)) res.setHeader(key, field[key]);
    } else {
      res.setHeader(field, value);
    }
    return res;
  };
  res.get = (field) => res.getHeader(field);
  res.type = (type) => res.set('Content-Type', TYPES['.' + type] || type);
  res.send = function (body) {
    if (body === undefined) body = '';
    if (typeof body === 'number') { res.statusCode = body; body = STATUS[body] || String(body); }
    if (typeof body === 'object' && body !== null) return res.json(body);
    if (typeof body === 'boolean') return res.json(body);
    if (!res.getHeader('Content-Type')) res.setHeader('Content-Type', 'text/html; charset=utf-8');
    else if (res.getHeader('Content-Type').indexOf('charset') < 0 && res.getHeader('Content-Type').startsWith('text/'))
      res.setHeader('Content-Type', res.getHeader('Content-Type') + '; charset=utf-8');
    res.setHeader('Content-Length', String(body.length));
    res.setHeader('ETag', etag(body));
    res.end(req.method === 'HEAD' ? undefined : body);
    return res;
  };
  res.json = function (value) {
    const body = value === undefined ? '' : JSON.stringify(value);
    if (!res.getHeader('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
    return res.send(body);
  };
  res.sendStatus = function (code) {
    res.statusCode = code;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    return res.send(STATUS[code] || String(code));
  };
  res.redirect = function (a, b) {
    const code = typeof a === 'number' ? a : 302;
    const where = typeof a === 'number' ? b : a;
    res.statusCode = code;
    res.setHeader('Location', where);
    const body = '<p>' + STATUS[code] + '. Redirecting to ' + escapeHtml(where) + '</p>';
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Length', String(body.length));
    res.end(body);
    return res;
  };
  res.sendFile = function (file, options, callback) {
    if (typeof options === 'function') callback = options;
    sendStatic(req, res, file, () => {
      const err = new Error("ENOENT: no such file or directory, stat '" + file + "'");
      if (callback) callback(err);
      else res.status(404).send(errorPage('NotFoundError: ' + err.message));
    });
  };
  res.locals = {};
  return res;
}

function sendStatic(req, res, file, missing) {
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) return missing();
  const body = fs.readFileSync(file, 'utf8');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cache-Control', 'public, max-age=0');
  res.setHeader('Content-Type', TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream');
  res.setHeader('Content-Length', String(body.length));
  res.end(req.method === 'HEAD' ? undefined : body);
}

function serveStatic(root) {
  return function serveStatic(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const rel = req.path.slice((req.baseUrl || '').length) || '/';
    if (rel.split('/').indexOf('..') >= 0) return next();
    let file = path.join(root, rel);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!rel.endsWith('/')) {
        const where = req.path + '/';
        const body = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Redirecting</title>\n</head>\n<body>\n<pre>Redirecting to ' + escapeHtml(where) + '</pre>\n</body>\n</html>\n';
        res.statusCode = 301;
        res.setHeader('Content-Type', 'text/html; charset=UTF-8');
        res.setHeader('Content-Length', String(body.length));
        res.setHeader('Content-Security-Policy', "default-src 'none'");
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Location', where);
        return res.end(body);
      }
      file = path.join(file, 'index.html');
    }
    sendStatic(req, res, file, next);
  };
}

function bodyParser(kind) {
  return function (req, res, next) {
    const type = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (req._body) return next();
    req.body = req.body || {};
    if (type !== kind) return next();
    let text = '';
    req.on('data', chunk => { text += chunk; });
    req.on('end', () => {
      req._body = true;
      if (kind === 'application/json') {
        if (text === '') return next();
        try {
          req.body = JSON.parse(text);
        } catch (e) {
          const err = new SyntaxError(e.message);
          err.status = 400;
          err.statusCode = 400;
          err.type = 'entity.parse.failed';
          return next(err);
        }
      } else {
        req.body = parseQuery(text);
      }
      next();
    });
  };
}

function createApplication() {
  const router = Router();
  const settings = { 'x-powered-by': true };
  const app = function (req, res, next) { app.handle(req, res, next); };
  app.settings = settings;
  app.locals = {};
  app.set = (name, value) => { if (value === undefined) return settings[name]; settings[name] = value; return app; };
  app.get = function (route, ...fns) {
    if (fns.length === 0) return settings[route];
    router.get(route, ...fns);
    return app;
  };
  app.enable = (name) => app.set(name, true);
  app.disable = (name) => app.set(name, false);
  for (const method of ['post', 'put', 'delete', 'patch', 'all', 'use']) {
    app[method] = (...args) => { router[method](...args); return app; };
  }
  app.route = (route) => router.route(route);
  app.handle = function (req, res, outer) {
    const question = req.url.indexOf('?');
    req.path = question < 0 ? req.url : req.url.slice(0, question);
    req.query = parseQuery(question < 0 ? '' : req.url.slice(question + 1));
    req.params = {};
    req.baseUrl = '';
    req.get = req.header = (name) => req.headers[name.toLowerCase()];
    if (settings['x-powered-by']) res.setHeader('X-Powered-By', 'Express');
    makeResponse(app, req, res);
    router.handle(req, res, (err) => {
      if (outer) return outer(err);
      finalHandler(req, res, err);
    });
  };
  app.listen = function (...args) {
    const server = http.createServer(app);
    return server.listen(...args);
  };
  return app;
}

function finalHandler(req, res, err) {
  let status = 404;
  let text = 'Cannot ' + req.method + ' ' + escapeHtml(req.path);
  if (err !== undefined) {
    status = (err && (err.status || err.statusCode)) || 500;
    text = status === 500 ? 'Internal Server Error' : escapeHtml(STATUS[status] || 'Error');
    if (status === 500) console.error(err && err.stack ? err.stack : err);
  }
  const body = errorPage(text);
  res.statusCode = status;
  res.setHeader('Content-Security-Policy', "default-src 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
}

module.exports = createApplication;
module.exports.Router = Router;
module.exports.json = () => bodyParser('application/json');
module.exports.urlencoded = () => bodyParser('application/x-www-form-urlencoded');
module.exports.static = serveStatic;
"""

BODY_PARSER = r"""'use strict';
const express = require('express');
module.exports = { json: express.json, urlencoded: express.urlencoded };
"""

UUID = r"""'use strict';
const crypto = require('crypto');
module.exports = {
  v4: () => crypto.randomUUID(),
  validate: (text) => typeof text === 'string' && text.length === 36 && text.split('-').length === 5,
  NIL: '00000000-0000-0000-0000-000000000000',
};
"""

DOTENV = r"""'use strict';
const fs = require('fs');
const path = require('path');

function parse(text) {
  const out = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).replace('export ', '').trim();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
      value = value.slice(1, -1);
    } else {
      const hash = value.indexOf(' #');
      if (hash >= 0) value = value.slice(0, hash).trim();
    }
    out[key] = value;
  }
  return out;
}

function config(options) {
  const file = (options && options.path) || path.resolve(process.cwd(), '.env');
  if (!fs.existsSync(file)) {
    const error = new Error("ENOENT: no such file or directory, open '" + file + "'");
    error.code = 'ENOENT';
    return { error };
  }
  const parsed = parse(fs.readFileSync(file, 'utf8'));
  for (const key of Object.keys(parsed)) {
    if (!(key in process.env)) process.env[key] = parsed[key];
  }
  return { parsed };
}

module.exports = { config, parse };
"""

#: package -> its main file's code (package.json "main" is index.js)
CODE = {"express": EXPRESS, "body-parser": BODY_PARSER, "uuid": UUID, "dotenv": DOTENV, **DB_CODE}
