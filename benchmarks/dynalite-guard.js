// Preloaded into the dynalite server that the benchmarks start (run.sh sets NODE_OPTIONS=--require).
// dynalite 4.0.0 rethrows a request's 'error' event (index.js: req.on('error', function (err) { throw err })),
// so a single client that drops its connection mid-request (a killed JVM in the take-over runs, a thread
// interrupted at the end of a contention run) would end the whole server and every later figure.
// Such errors are logged and the server keeps serving; anything else still ends it.
process.on('uncaughtException', function (err) {
  if (err && (err.code === 'ECONNRESET' || err.message === 'aborted')) {
    console.error('dynalite-guard: a client dropped its connection mid-request (' + err.message + '); still serving')
    return
  }
  console.error(err)
  process.exit(1)
})
