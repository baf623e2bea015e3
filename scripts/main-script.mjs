/**
Turns esbuild's ESM output for the wizard's bundle into the plain script src/entry.ts compiles with node:vm (so V8's
code cache can be kept on every Node, src/adapters/code-cache.ts): one `async function (require, importMetaUrl,
exportMain)` that holds the whole bundle, top-level await included.
*/
import {isBuiltin} from 'node:module';

/** The function's parameters, in the order src/entry.ts passes them. */
export const PARAMS = {require: 'require', importMetaUrl: '__crdbImportMetaUrl', exportMain: '__crdbExportMain'};

/** Where the function starts; the bundle follows. */
export const HEAD = `(async function (${PARAMS.require}, ${PARAMS.importMetaUrl}, ${PARAMS.exportMain}) {"use strict";`;

// esbuild leaves an import of an external (only Node's built-ins here) as an ESM import statement, at the start of
// the module that made it: `import x from"m";`, `import*as x from"m";`, `import{a as b,c}from"m";`, `import x,{…}from"m";`.
const IMPORT = /(?<=^|[;{}\n])import\s*([\w$]*)\s*,?\s*(?:\*\s*as\s+([\w$]+)|\{([^{}"'`]*)\})?\s*from\s*"([^"]+)";?|(?<=^|[;{}\n])import\s*"([^"]+)";?/g;

// ...and a dynamic import() of one as `import("m")` (Ink's DEV mode: `await import("node:fs")`).
const DYNAMIC_IMPORT = /(?<![\w$.])import\s*\(\s*("[^"]*")?/g;

/**
The script for `code` (esbuild's output between HEAD and the closing `})`): each import of a built-in module becomes a
require() at the top of the function. An import is hoisted in ESM, so the module is loaded before any code runs, as
it was. A built-in's default export and namespace are its module.exports.
*/
export function toScript(code) {
	const requires = [];
	const body = code.replace(IMPORT, (_, defaultName, namespace, named, from, bare) => {
		const spec = from ?? bare;
		if (!isBuiltin(spec)) throw new Error(`dist/main.js imports ${JSON.stringify(spec)}: only Node's built-in modules may stay outside the bundle`);
		const call = `require(${JSON.stringify(spec)})`;
		if (bare !== undefined) requires.push(`${call};`);
		if (defaultName) requires.push(`const ${defaultName}=${call};`);
		if (namespace) requires.push(`const ${namespace}=${call};`);
		if (named !== undefined) {
			const bindings = named.split(',').map(s => s.trim()).filter(Boolean).map(s => s.split(/\s+as\s+/));
			for (const [name, local] of bindings) if (name === 'default') requires.push(`const ${local}=${call};`);
			const rest = bindings.filter(([name]) => name !== 'default').map(([name, local]) => (local === undefined ? name : `${name}:${local}`));
			if (rest.length > 0) requires.push(`const{${rest.join(',')}}=${call};`);
		}

		return '';
	});
	// A script has no module loader to ask: a built-in's namespace is its exports plus `default`.
	const script = body.replace(DYNAMIC_IMPORT, (_, spec) => {
		const name = spec === undefined ? undefined : JSON.parse(spec);
		if (name === undefined || !isBuiltin(name)) throw new Error(`dist/main.js has import(${spec ?? '…'}): only a built-in module named by a literal can be loaded without the module loader`);
		return `(m=>Promise.resolve({...m,default:m}))(require(${spec})`;
	});
	return requires.join('') + script;
}
