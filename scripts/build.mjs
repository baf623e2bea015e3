// Bundle src/ into dist/: the entry dist/cli.js (answers --version and --help on its own) and the wizard's bundle
// dist/main.js, one file with every dependency inlined, so `npx crdb-connect` installs a single package
// (shared/reference/ink-notes.md §3).
import {createHash} from 'node:crypto';
import {realpathSync} from 'node:fs';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {Script} from 'node:vm';
import {build} from 'esbuild';
import {HEAD, PARAMS, toScript} from './main-script.mjs';
import {bundledPackageDirs, noticesText} from './notices.mjs';
import {inkPackage, patchSources} from './bundle-patches.mjs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/** Options both outputs share. */
const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// Node 20+ has the `v` flag and \p{…} escapes: keep such regular expressions as literals, which V8 compiles on
	// first use, instead of `new RegExp(…)` calls that compile at load (string-width's \p{RGI_Emoji} alone: ~10 ms).
	supported: {'regexp-set-notation': true, 'regexp-unicode-property-escapes': true},
	minify: true,
	legalComments: 'external',
	logLevel: 'warning',
	metafile: true,
};

await rm('dist', {recursive: true, force: true});

/*
The wizard's bundle is a script, not a module (scripts/main-script.mjs): one async function that the entry compiles
with node:vm, so V8's code cache can be kept between runs on every Node (src/adapters/code-cache.ts). Being one file
it also skips the module loader's resolving and linking of dozens of chunks. Modules that only some paths need
(doctor, cert, pg, execa, the plain prompts) stay inside it as functions run on first use (esbuild's lazy init).
*/
const main = await build({
	...common,
	entryPoints: {main: 'crdb-main-entry'},
	outdir: 'dist',
	jsx: 'automatic',
	define: {
		'process.env.NODE_ENV': '"production"',
		'import.meta.url': PARAMS.importMetaUrl,
		__CRDB_CONNECT_VERSION__: JSON.stringify(pkg.version),
		__CRDB_INK_PACKAGE__: JSON.stringify(await inkPackage()),
	},
	plugins: [{
		name: 'main-entry',
		setup(b) {
			b.onResolve({filter: /^crdb-main-entry$/}, () => ({path: 'main-entry', namespace: 'crdb-main'}));
			b.onLoad({filter: /.*/, namespace: 'crdb-main'}, () => ({
				contents: `import {main} from './src/cli.ts'; ${PARAMS.exportMain}(main);`,
				resolveDir: path.resolve('.'),
				loader: 'ts',
			}));
		},
	}, {
		// Ink loads its devtools module (react-devtools-core plus a `ws` WebSocket polyfill, ~49 KB) only when
		// DEV=true (a name other tools use too, so it must work): swap that module for an empty stub rather than ship it.
		name: 'no-ink-devtools',
		setup(b) {
			b.onResolve({filter: /^\.\/devtools\.js$/}, args => (args.importer.includes('/node_modules/ink/') ? {path: path.resolve('src/stubs/devtools.ts')} : undefined));
		},
	}, {
		// Ink asks is-in-ci whether to draw live frames: it is told no CI (src/stubs/is-in-ci.ts says why).
		name: 'ink-always-live',
		setup(b) {
			b.onResolve({filter: /^is-in-ci$/}, args => (args.importer.includes('/node_modules/ink/') ? {path: path.resolve('src/stubs/is-in-ci.ts')} : undefined));
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
});

/*
The entry reads the bundle as Latin-1, a plain copy (~0.5 ms), where UTF-8 decoding of 1.5 MB takes ~15 ms: so it must
be ASCII. esbuild escapes strings and templates but leaves regular expression literals as written; \uXXXX means the
same character there, and in any string or name. A character outside the BMP would need more care: fail instead.
*/
const mainText = `${HEAD}${toScript(await readFile('dist/main.js', 'utf8'))}\n})`.replace(/[^\0-\x7F]/gu, c => {
	if (c.length > 1) throw new Error(`dist/main.js: ${JSON.stringify(c)} is outside the BMP: escape it in the source`);
	return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
});
await writeFile('dist/main.js', mainText);
// The bundle must be a plain script (no import or export left): compile it here rather than at a user's start-up.
new Script(mainText, {filename: 'dist/main.js'});

// The entry: --version and --help, else the wizard's bundle through the code cache, keyed by the bundle's hash.
const entry = await build({
	...common,
	entryPoints: {cli: 'src/entry.ts'},
	outdir: 'dist',
	define: {
		__CRDB_CONNECT_VERSION__: JSON.stringify(pkg.version),
		__CRDB_MAIN_HASH__: JSON.stringify(createHash('sha256').update(mainText).digest('hex').slice(0, 32)),
	},
});

// The licences of everything bundled ship beside it; the metafile is kept (outside dist/, so not published) for
// the test that checks every bundled package is named in the notices.
const metafile = {inputs: {...main.metafile.inputs, ...entry.metafile.inputs}, outputs: {...main.metafile.outputs, ...entry.metafile.outputs}};
await writeFile('dist/THIRD_PARTY_NOTICES.md', await noticesText(bundledPackageDirs(metafile)));
await mkdir('.cache', {recursive: true});
await writeFile('.cache/build-meta.json', JSON.stringify(metafile));
