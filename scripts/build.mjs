// Bundle src/ into dist/cli.js: one ESM file with every dependency inlined, so `npx crdb-connect`
// installs a single package (shared/reference/ink-notes.md §3).
import {realpathSync} from 'node:fs';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {build} from 'esbuild';
import {bundledPackageDirs, noticesText} from './notices.mjs';
import {inkPackage, patchSources} from './bundle-patches.mjs';

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
	// Node 20+ has the `v` flag and \p{…} escapes: keep such regular expressions as literals, which V8 compiles on
	// first use, instead of `new RegExp(…)` calls that compile at load (string-width's \p{RGI_Emoji} alone: ~10 ms).
	supported: {'regexp-set-notation': true, 'regexp-unicode-property-escapes': true},
	minify: true,
	legalComments: 'external',
	jsx: 'automatic',
	define: {
		'process.env.NODE_ENV': '"production"',
		__CRDB_CONNECT_VERSION__: JSON.stringify(pkg.version),
		__CRDB_INK_PACKAGE__: JSON.stringify(await inkPackage()),
	},
	// Ink loads its devtools module (react-devtools-core plus a `ws` WebSocket polyfill, ~49 KB) only when
	// DEV=true (a name other tools use too, so it must work): swap that module for an empty stub rather than ship it.
	plugins: [{
		name: 'no-ink-devtools',
		setup(b) {
			b.onResolve({filter: /^\.\/devtools\.js$/}, args => (args.importer.includes('/node_modules/ink/') ? {path: path.resolve('src/stubs/devtools.ts')} : undefined));
		},
	}, {
		// Ink measures text with string-width: give it the stub with a fast path for a frame's symbols (the real
		// one's emoji regular expression costs ~25 ms on first use). wrap-ansi's own older copy is left alone.
		name: 'fast-string-width',
		setup(b) {
			const stub = path.resolve('src/stubs/string-width.ts');
			// esbuild resolves by real path (node_modules may be a link).
			const real = realpathSync('node_modules/string-width/index.js');
			b.onResolve({filter: /^string-width$/}, async args => {
				if (args.importer === stub || args.pluginData === 'real') return undefined;
				const found = await b.resolve('string-width', {resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real'});
				return found.path === real ? {path: stub} : undefined;
			});
		},
	}, patchSources()],
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
