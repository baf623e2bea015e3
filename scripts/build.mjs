// Bundle src/ into dist/cli.js: one ESM file with every dependency inlined, so `npx crdb-connect`
// installs a single package (shared/reference/ink-notes.md §3).
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {build} from 'esbuild';
import {bundledPackageDirs, noticesText} from './notices.mjs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await rm('dist', {recursive: true, force: true});
const result = await build({
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
	// Ink loads its devtools module (react-devtools-core plus a `ws` WebSocket polyfill, ~49 KB) only when
	// DEV=true, which a user never sets: swap that module for an empty stub rather than ship it.
	plugins: [{
		name: 'no-ink-devtools',
		setup(b) {
			b.onResolve({filter: /^\.\/devtools\.js$/}, args => (args.importer.includes('/node_modules/ink/') ? {path: path.resolve('src/stubs/devtools.ts')} : undefined));
		},
	}],
	// pg loads pg-native lazily and only when asked for; it is never installed.
	external: ['pg-native'],
	// CommonJS dependencies (node-forge, signal-exit, pg) call require(): give the ESM bundle a real one.
	banner: {js: 'import {createRequire as __crdbCreateRequire} from "node:module"; const require = __crdbCreateRequire(import.meta.url);'},
	logLevel: 'warning',
	metafile: true,
});

// The licences of everything bundled ship beside it; the metafile is kept (outside dist/, so not published) for
// the test that checks every bundled package is named in the notices.
await writeFile('dist/THIRD_PARTY_NOTICES.md', await noticesText(bundledPackageDirs(result.metafile)));
await mkdir('.cache', {recursive: true});
await writeFile('.cache/build-meta.json', JSON.stringify(result.metafile));
