// Bundle src/ into dist/cli.js: one ESM file with every dependency inlined, so `npx crdb-connect`
// installs a single package (shared/reference/ink-notes.md §3).
import {readFile, rm} from 'node:fs/promises';
import {build} from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await rm('dist', {recursive: true, force: true});
await build({
	// Code splitting keeps start-up lean: the entry answers --version on its own, and Ink, pg, execa and
	// the plain prompts load only on the paths that use them.
	entryPoints: {cli: 'src/entry.ts'},
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	legalComments: 'external',
	jsx: 'automatic',
	define: {
		'process.env.NODE_ENV': '"production"',
		__CRDB_CONNECT_VERSION__: JSON.stringify(pkg.version),
	},
	// Ink imports react-devtools-core only in development; stub it rather than ship it.
	alias: {'react-devtools-core': './src/stubs/devtools.ts'},
	// pg loads pg-native lazily and only when asked for; it is never installed.
	external: ['pg-native'],
	// CommonJS dependencies (node-forge, signal-exit, pg) call require(): give the ESM bundle a real one.
	banner: {js: 'import {createRequire as __crdbCreateRequire} from "node:module"; const require = __crdbCreateRequire(import.meta.url);'},
	logLevel: 'warning',
});
