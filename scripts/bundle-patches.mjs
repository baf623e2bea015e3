/**
Exact text replacements in dependencies' files, made as they are bundled (scripts/build.mjs). Each says why. The
build fails when a replacement does not match the expected number of times: the dependency changed, look again.
test/stubs/bundle-patches.test.ts bundles the patched files beside the originals and compares what they do.
*/
import {realpathSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const graphemes = JSON.stringify(path.join(root, 'src/stubs/graphemes.ts'));

/** An Intl.Segmenter made on first use: the first one made loads ICU's break rules (~9 ms), which the first frame need not wait for. */
const lazySegmenter = (name, options = '') => `const ${name} = {segment: text => (__crdbSegmenter ??= new Intl.Segmenter(${options})).segment(text)}; let __crdbSegmenter;`;

/** The replacements, by file (relative to the project). */
export const PATCHES = [
	{
		// Yoga's WASM is embedded as a data: URL; with a global fetch() (Node 18+) Emscripten loads it through fetch,
		// which loads Node's whole HTTP client (undici) and parses the URL: ~30 ms before the first frame.
		file: 'node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js',
		from: '"function"!=typeof fetch',
		to: '!0',
		count: 2,
	},
	{
		// ...and decodes the base64 with atob and a loop over the characters; Buffer does it natively.
		file: 'node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js',
		from: 'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
		to: 'var d=Buffer.from(a.slice(37),"base64")',
		count: 1,
	},
	{
		// Ink prints every line through this tokenizer: lines of plain narrow characters and escape codes are split
		// per character (what the segmenter would give them) without making a segmenter.
		file: 'node_modules/@alcalzone/ansi-tokenize/build/tokenize.js',
		from: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
		to: `import {graphemes as __crdbGraphemes} from ${graphemes}; const segmenter = {segment: __crdbGraphemes};`,
		count: 1,
	},
	{file: 'node_modules/string-width/index.js', from: 'const segmenter = new Intl.Segmenter();', to: lazySegmenter('segmenter'), count: 1},
	{file: 'node_modules/wrap-ansi/node_modules/string-width/index.js', from: 'const segmenter = new Intl.Segmenter();', to: lazySegmenter('segmenter'), count: 1},
	{
		file: 'node_modules/slice-ansi/tokenize-ansi.js',
		from: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
		to: lazySegmenter('GRAPHEME_SEGMENTER', "undefined, {granularity: 'grapheme'}"),
		count: 1,
	},
	{
		// A terminal that reports 0 rows (`script -qc` without a size, some CI and Emacs terminals) has an unknown
		// height, not a zero one: Ink would take every frame for a full screen and clear the screen AND the
		// scrollback (ESC[2J ESC[3J) on each redraw. Only a known height may make a frame full-screen.
		file: 'node_modules/ink/build/ink.js',
		from: 'const isFullscreen = this.options.stdout.isTTY && outputHeight >= this.options.stdout.rows;',
		to: 'const isFullscreen = this.options.stdout.isTTY && this.options.stdout.rows > 0 && outputHeight >= this.options.stdout.rows;',
		count: 1,
	},
	{
		file: 'node_modules/ink/build/ink.js',
		from: 'if (this.lastOutputHeight >= this.options.stdout.rows) {',
		to: 'if (this.options.stdout.rows > 0 && this.lastOutputHeight >= this.options.stdout.rows) {',
		count: 1,
	},
	{
		// With DEV=true Ink reads its own package.json (for React DevTools), which is not beside the bundle: give it
		// the name and version read at build time.
		file: 'node_modules/ink/build/reconciler.js',
		from: "fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')",
		to: 'JSON.stringify(__CRDB_INK_PACKAGE__)',
		count: 1,
	},
];

/** The esbuild plugin that applies `patches`; the build fails if a patched file was never bundled. */
export function patchSources(patches = PATCHES) {
	// esbuild loads files by their real path (node_modules may be a link).
	const real = p => realpathSync(path.join(root, p.file));
	return {
		name: 'patch-sources',
		setup(b) {
			const applied = new Set();
			b.onStart(() => applied.clear());
			b.onLoad({filter: /\.js$/}, async args => {
				const mine = patches.filter(p => args.path === real(p));
				if (mine.length === 0) return undefined;
				let text = await readFile(args.path, 'utf8');
				for (const p of mine) {
					const found = text.split(p.from).length - 1;
					if (found !== p.count) throw new Error(`${p.file}: expected ${p.count} × ${JSON.stringify(p.from)}, found ${found}`);
					text = text.replaceAll(p.from, p.to);
					applied.add(p);
				}

				return {contents: text, loader: 'js'};
			});
			b.onEnd(result => {
				const missed = patches.filter(p => !applied.has(p));
				if (result.errors.length === 0 && missed.length > 0) return {errors: missed.map(p => ({text: `patch not applied: ${p.file} was not bundled`}))};
				return undefined;
			});
		},
	};
}

/** What Ink's reconciler is given for its package.json under DEV=true. */
export async function inkPackage() {
	const pkg = JSON.parse(await readFile(path.join(root, 'node_modules/ink/package.json'), 'utf8'));
	return {name: pkg.name, version: pkg.version};
}
