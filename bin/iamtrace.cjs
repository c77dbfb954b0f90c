#!/usr/bin/env node
'use strict'
// PERF: `iamtrace eval` starts from one CommonJS bundle holding only what it needs (no ES module
// loader, no chunks to resolve), compiled through a V8 code cache; every other command loads the ES
// module CLI, one chunk per command.
const path = require('node:path')

// Run as the command; required (by the tests) it only exports its helpers.
if (require.main === module) {
  const argv = process.argv.slice(2)
  const run = argv[0] === 'eval' ? Promise.resolve().then(() => runEval(argv.slice(1))) : import('../dist/cli.js').then((cli) => cli.main(argv))
  run.then(
    (code) => {
      // A failed write of the output (not EPIPE) has set exit code 1 already: it stands.
      if (!process.exitCode) process.exitCode = code
    },
    (error) => {
      process.stderr.write(`iamtrace: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
module.exports = { requireCached, cacheDirectory }

async function runEval(args) {
  const bundle = requireCached(path.join(__dirname, '..', 'dist', 'cli-eval.cjs'))
  const code = await bundle.exports.mainEval(args)
  bundle.saveCache()
  return code
}

/**
 * Requires a CommonJS file through a V8 code cache (what Node 22's `module.enableCompileCache()` does,
 * which Node 20 lacks): compiling the 230 KB bundle and the functions `eval` runs is a quarter of the
 * command's own start-up time. The cache file holds the source it was made from, byte for byte, then
 * V8's data; it is used only when the source is identical (V8 also rejects data from another V8
 * version or other flags). It lives in the user's cache directory, only if that directory belongs to
 * the user and nobody else may write to it (cached bytecode runs as code).
 * `IAMTRACE_COMPILE_CACHE=0` (or Node's `NODE_DISABLE_COMPILE_CACHE=1`) turns it off;
 * `IAMTRACE_COMPILE_CACHE=DIR` puts it in DIR.
 */
function requireCached(file) {
  const dir = cacheDirectory()
  if (dir === null) return { exports: require(file), fromCache: false, saveCache() {} }
  const fs = require('node:fs')
  const vm = require('node:vm')
  const source = fs.readFileSync(file)
  const cacheFile = path.join(dir, `${path.basename(file, '.cjs')}-${source.length}-${process.version}-${process.arch}.v8`)
  let cachedData
  try {
    if (trusted(fs, dir)) {
      const stored = fs.readFileSync(cacheFile)
      if (stored.length > source.length && source.equals(stored.subarray(0, source.length))) cachedData = stored.subarray(source.length)
    }
  } catch {
    // no cache yet, or unreadable: compile from source and write one
  }
  // The bundle is ASCII (esbuild escapes the rest): decoded as Latin-1, it is copied, not validated.
  const text = require('node:buffer').isAscii(source) ? source.toString('latin1') : source.toString('utf8')
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${text}\n});`
  const script = new vm.Script(wrapped, { filename: file, cachedData })
  const loaded = { exports: {} }
  script.runInThisContext().call(loaded.exports, loaded.exports, require('node:module').createRequire(file), loaded, file, path.dirname(file))
  return {
    exports: loaded.exports,
    /** Whether V8 took its compiled code from the cache. */
    fromCache: cachedData !== undefined && !script.cachedDataRejected,
    saveCache() {
      if (cachedData !== undefined && !script.cachedDataRejected) return
      // After the run: the data then holds the functions `eval` compiled lazily, not just the top level.
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
        if (!trusted(fs, dir)) return
        const temporary = `${cacheFile}.${process.pid}.tmp`
        fs.writeFileSync(temporary, Buffer.concat([source, script.createCachedData()]), { mode: 0o600 })
        fs.renameSync(temporary, cacheFile)
      } catch {
        // a cache that cannot be written only costs speed
      }
    },
  }
}

/** The cache directory, or null when the cache is off or there is no home to put it in. */
function cacheDirectory() {
  const env = process.env
  const setting = env.IAMTRACE_COMPILE_CACHE
  if (setting === '0' || (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '')) return null
  if (setting !== undefined && setting !== '') return path.resolve(setting)
  if (process.platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'iamtrace', 'Cache') : null
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'iamtrace')
  return env.HOME ? path.join(env.HOME, process.platform === 'darwin' ? 'Library/Caches' : '.cache', 'iamtrace') : null
}

/** A directory only its owner (the user running iamtrace) may write to. Windows: per-user by location. */
function trusted(fs, dir) {
  if (process.platform === 'win32') return true
  const stat = fs.statSync(dir)
  return stat.isDirectory() && stat.uid === process.getuid() && (stat.mode & 0o022) === 0
}
