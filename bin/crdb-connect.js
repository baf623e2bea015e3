#!/usr/bin/env node
// The published entry point: everything lives in the one bundled file built from src/ by scripts/build.mjs.
import '../dist/cli.js';
