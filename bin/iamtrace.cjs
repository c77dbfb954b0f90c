#!/usr/bin/env node
'use strict'
// PERF: `iamtrace eval` starts from one CommonJS bundle holding only what it needs (no ES module
// loader, no chunks to resolve); every other command loads the ES module CLI, one chunk per command.
const argv = process.argv.slice(2)
const run = argv[0] === 'eval' ? Promise.resolve().then(() => require('../dist/cli-eval.cjs').mainEval(argv.slice(1))) : import('../dist/cli.js').then((cli) => cli.main(argv))

run.then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.stderr.write(`iamtrace: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
