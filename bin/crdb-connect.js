#!/usr/bin/env node
// The published entry point: everything lives in the one bundled file built from src/ by scripts/build.mjs.
// Node 22.1+ can keep the compiled bundle on disk between runs (a faster first frame); older Node goes on without.
import module from 'node:module';

try {
	module.enableCompileCache?.();
} catch {
	// A cache directory that cannot be written only costs the speed-up.
}

await import('../dist/cli.js');
