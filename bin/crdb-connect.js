#!/usr/bin/env node
// The published entry point. dist/cli.js is small: it answers --version/--help, or compiles the wizard's bundle
// (dist/main.js) through this project's own V8 code cache on every Node (src/adapters/code-cache.ts). Node's
// module.enableCompileCache() is not turned on: it would cache only this small file, and on Node 22 it spins forever
// when the temporary directory is one it cannot make folders in (TMPDIR under /proc, found by the code-cache test).
await import('../dist/cli.js');
