"""The JavaScript of the database packages npm and yarn install (npmcode.py has the web ones):
sqlite3, mysql2 (and `mysql2/promise`), mysql and wait-port, written for dockersim in the
subset its node runs. Their native side is a binding the node program gives (a `*.node`
file whose first line is jsmodules.ADDON; engine/programs/node_db.py).

sqlite3: `new Database(file, [mode], [callback])`, `run`/`get`/`all`/`each`/`exec` with `?`
parameters (as arguments or an array) and callbacks called later, in order, `this` the
statement (`lastID`, `changes`) for `run`; `serialize`/`parallelize`, `close`, `verbose()`.
mysql2 and mysql: `createConnection`, `createPool` (`connectionLimit` accepted), `query`/
`execute` with values and a callback (err, rows, fields), `end`, `getConnection`, `promise()`.
wait-port (1.x): `waitPort({host, port, timeout, interval, output, waitForDns})` with its dots
output, resolving `{open, ipVersion}`: a dot per try, every `interval` (1000 ms), an IPv4 try
then, for a name, an IPv6 one (the simulated networks have no IPv6: the first fails and
turns them off, as wait-port does); a try that times out takes its 1000 ms connect timeout. Simplifications: named parameters, prepared
statements, streams and events (`on('error')`) are not simulated.
"""

from __future__ import annotations

# ruff: noqa: E501  (JavaScript source)

SQLITE3 = r"""'use strict';
const binding = require('./build/Release/node_sqlite3.node');

function split(args) {
  let callback, done;
  if (args.length && typeof args[args.length - 1] === 'function') callback = args.pop();
  if (args.length && typeof args[args.length - 1] === 'function') { done = callback; callback = args.pop(); }
  let params = args;
  if (params.length === 1 && Array.isArray(params[0])) params = params[0];
  return { params, callback, done };
}

class Statement {}

class Database {
  constructor(filename, mode, callback) {
    if (typeof mode === 'function') { callback = mode; mode = undefined; }
    this.filename = filename;
    this.mode = mode === undefined ? 6 : mode;
    let error = null;
    try { this._handle = binding.open(filename, this.mode); } catch (err) { error = err; }
    this.open = error === null;
    setImmediate(() => {
      if (callback) callback.call(this, error);
      else if (error) throw error;
    });
  }
  _query(kind, sql, args) {
    const { params, callback, done } = split(args);
    let error = null, result = null;
    if (!this.open) {
      error = new Error('SQLITE_MISUSE: Database is closed');
      error.errno = 21; error.code = 'SQLITE_MISUSE';
    } else {
      try { result = binding.query(this._handle, sql, params); } catch (err) { error = err; }
    }
    const stmt = new Statement();
    stmt.sql = sql;
    if (result) { stmt.lastID = result.lastID; stmt.changes = result.changes; }
    setImmediate(() => {
      if (error) {
        if (callback) callback.call(stmt, error);
        else throw error;
      } else if (kind === 'run' || kind === 'exec') {
        if (callback) callback.call(kind === 'exec' ? this : stmt, null);
      } else if (kind === 'get') {
        if (callback) callback.call(stmt, null, result.rows[0]);
      } else if (kind === 'all') {
        if (callback) callback.call(stmt, null, result.rows);
      } else {
        for (const row of result.rows) if (callback) callback.call(stmt, null, row);
        if (done) done.call(stmt, null, result.rows.length);
      }
    });
    return this;
  }
  run(sql, ...args) { return this._query('run', sql, args); }
  get(sql, ...args) { return this._query('get', sql, args); }
  all(sql, ...args) { return this._query('all', sql, args); }
  each(sql, ...args) { return this._query('each', sql, args); }
  exec(sql, callback) {
    const parts = sql.split(';').filter(part => part.trim() !== '');
    for (let i = 0; i < parts.length; i++) {
      this._query('exec', parts[i], i === parts.length - 1 && callback ? [callback] : []);
    }
    return this;
  }
  serialize(fn) { if (fn) fn(); return this; }
  parallelize(fn) { if (fn) fn(); return this; }
  configure() { return this; }
  close(callback) {
    if (this.open) binding.close(this._handle);
    this.open = false;
    setImmediate(() => { if (callback) callback.call(this, null); });
    return this;
  }
}

const sqlite3 = {
  Database, Statement,
  OPEN_READONLY: 1, OPEN_READWRITE: 2, OPEN_CREATE: 4, OPEN_FULLMUTEX: 65536,
  OPEN_URI: 64, OPEN_SHAREDCACHE: 131072, OPEN_PRIVATECACHE: 262144,
  VERSION: '3.44.2', SOURCE_ID: '2023-11-24 11:41:44 ebead0e7230cd33bcec9f95d2183069565b9e709bf745c9b5db65cc0cbf92c1f',
  VERSION_NUMBER: 3044002,
  cached: { Database: (file, mode, callback) => new Database(file, mode, callback) },
  verbose() { return sqlite3; },
};
module.exports = sqlite3;
"""

MYSQL = r"""'use strict';
const binding = require('./dockersim-wire.node');
const LEGACY = __LEGACY__;

class Connection {
  constructor(config) {
    if (typeof config === 'string') config = { uri: config };
    this.config = Object.assign({ host: 'localhost', port: 3306 }, config, { legacy: LEGACY });
    this._link = null;
    this._error = null;
    this.state = 'disconnected';
  }
  _open() {
    if (this._link === null && this._error === null) {
      try { this._link = binding.connect(this.config); this.state = 'authenticated'; }
      catch (err) { this._error = err; this.state = 'protocol_error'; }
    }
    return this._error;
  }
  connect(callback) {
    const error = this._open();
    setImmediate(() => {
      if (callback) callback(error);
      else if (error) throw error;
    });
  }
  query(sql, values, callback) {
    if (typeof values === 'function') { callback = values; values = undefined; }
    if (sql !== null && typeof sql === 'object') {
      if (sql.values !== undefined) values = sql.values;
      sql = sql.sql;
    }
    let error = this._open(), rows, fields;
    if (!error) {
      try {
        const reply = binding.query(this._link, sql, values === undefined ? [] : [].concat(values));
        rows = reply.rows; fields = reply.fields;
      } catch (err) { error = err; }
    }
    setImmediate(() => {
      if (callback) { if (error) callback(error); else callback(null, rows, fields); }
      else if (error) throw error;
    });
    return { sql };
  }
  execute(sql, values, callback) { return this.query(sql, values, callback); }
  end(callback) { this.state = 'disconnected'; setImmediate(() => { if (callback) callback(null); }); }
  destroy() { this.state = 'disconnected'; }
  release() {}
  ping(callback) { this.query('SELECT 1', callback); }
  promise() { return wrap(this); }
}

class Pool {
  constructor(config) { this.config = Object.assign({}, config); }
  getConnection(callback) {
    const connection = new Connection(this.config);
    const error = connection._open();
    setImmediate(() => { if (error) callback(error); else callback(null, connection); });
  }
  query(sql, values, callback) { return new Connection(this.config).query(sql, values, callback); }
  execute(sql, values, callback) { return this.query(sql, values, callback); }
  end(callback) { setImmediate(() => { if (callback) callback(null); }); }
  promise() { return wrap(this); }
}

function wrap(target) {
  const call = (sql, values) => new Promise((resolve, reject) => {
    target.query(sql, values, (err, rows, fields) => { if (err) reject(err); else resolve([rows, fields]); });
  });
  return {
    query: call, execute: call,
    end: () => new Promise(resolve => target.end(() => resolve())),
    getConnection: () => new Promise((resolve, reject) => {
      target.getConnection((err, connection) => { if (err) reject(err); else resolve(wrap(connection)); });
    }),
    release: () => {},
  };
}

module.exports = {
  createConnection: config => new Connection(config),
  createPool: config => new Pool(config),
  Connection, Pool,
  format: (sql, values) => sql,
};
"""

MYSQL2_PROMISE = r"""'use strict';
const core = require('./index.js');
module.exports = {
  createConnection: config => new Promise((resolve, reject) => {
    const connection = core.createConnection(config);
    connection.connect(err => { if (err) reject(err); else resolve(connection.promise()); });
  }),
  createPool: config => core.createPool(config).promise(),
};
"""

WAIT_PORT = r"""'use strict';
const binding = require('./dockersim-wire.node');

class ConnectionError extends Error {
  constructor(message) { super(message); this.name = 'ConnectionError'; }
}

let ipv6 = true;

function waitPort(params) {
  return new Promise((resolve, reject) => {
    const host = params.host || 'localhost';
    const port = params.port;
    const interval = params.interval || 1000;
    const timeout = params.timeout || 0;
    const output = params.output || 'dots';
    const waitForDns = params.waitForDns === true;
    const started = binding.now();
    const literal = binding.isIP(host);
    if (output !== 'silent') binding.write(`Waiting for ${host}:${port}`);
    const loop = (version) => {
      if (output === 'dots') binding.write('.');
      const state = binding.probe(host, port, version);
      if (state === 'open') {
        if (output !== 'silent') binding.write('\nConnected!\n');
        return resolve({ open: true, ipVersion: version });
      }
      if (version === 6) ipv6 = false;
      else if (state === 'unresolved' && !waitForDns) {
        return reject(new ConnectionError(`The address '${host}' cannot be found`));
      }
      const next = () => {
        if (timeout && binding.now() - started > timeout) {
          if (output !== 'silent') binding.write('\nTimeout\n');
          return resolve({ open: false });
        }
        if (ipv6 && version === 4 && !literal) return loop(6);
        setTimeout(() => loop(4), interval);
      };
      if (state === 'timeout') setTimeout(next, 1000);
      else next();
    };
    loop(4);
  });
}

module.exports = waitPort;
"""

#: package -> its main file's code
CODE = {
    "sqlite3": SQLITE3,
    "mysql2": MYSQL.replace("__LEGACY__", "false"),
    "mysql": MYSQL.replace("__LEGACY__", "true"),
    "wait-port": WAIT_PORT,
}


def addon(name: str) -> str:
    from dockersim.model.userland.programs.jsmodules import ADDON

    return f"{ADDON}{name} */\n"


#: package -> its other files (path in the package -> text)
FILES = {
    "sqlite3": {"build/Release/node_sqlite3.node": addon("sqlite3")},
    "mysql2": {"dockersim-wire.node": addon("wire"), "promise.js": MYSQL2_PROMISE},
    "mysql": {"dockersim-wire.node": addon("wire")},
    "wait-port": {"dockersim-wire.node": addon("wire")},
}
