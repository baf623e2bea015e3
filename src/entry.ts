/**
The bundle's entry. `--version` and `--help` alone are answered here, before the wizard's bundle (Ink, React,
prompts) is even read; everything else goes through main(), from dist/main.js compiled with this user's code cache
(src/adapters/code-cache.ts, scripts/build.mjs). The exit status is set, not forced, so pending output is never cut off.
*/
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {cacheDirectory, compileCached} from './adapters/code-cache.js';
import {HELP} from './help.js';
import {VERSION} from './version.js';

/** The hash of dist/main.js, set by the build: cached code is used only for the bundle it was made from. */
declare const __CRDB_MAIN_HASH__: string;

type Main = (argv: readonly string[]) => Promise<number>;

/**
Run the wizard's bundle (a script holding one async function) and return the main() it hands back. Each command
keeps its own cached code: what V8 caches is what the run compiled, and `cert` compiles little of the wizard.
*/
async function loadMain(command: string): Promise<Main> {
	// The build makes it ASCII, so Latin-1 reads it exactly, with no UTF-8 decoding.
	const file = fileURLToPath(new URL('main.js', import.meta.url));
	// Named by the build too, so two installed versions (or checkouts) do not take turns overwriting one file.
	// Runs with other V8 flags (--expose-gc, --max-old-space-size …, given to node or in NODE_OPTIONS) keep their own
	// file: V8 refuses data made under other flags, and one shared file would be rewritten at every change of flags.
	const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
	const runtime = `${process.version}-${process.arch}${flags ? `-${createHash('sha256').update(flags).digest('hex').slice(0, 8)}` : ''}.v8`;
	const name = `${command}-${__CRDB_MAIN_HASH__.slice(0, 12)}-${runtime}`;
	const older = (other: string) => other !== name && other.startsWith(`${command}-`) && other.endsWith(`-${runtime}`);
	const script = compileCached(readFileSync(file, 'latin1'), file, path.join(cacheDirectory(), name), `${__CRDB_MAIN_HASH__}-${process.version}-${process.arch}`, 1000, older);
	const bundle = script.runInThisContext() as (require: NodeJS.Require, importMetaUrl: string, exportMain: (main: Main) => void) => Promise<void>;
	let main: Main | undefined;
	await bundle(createRequire(file), pathToFileURL(file).href, given => {
		main = given;
	});
	return main!;
}

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-v') {
	process.stdout.write(`${VERSION}\n`);
} else if (only === '--help' || only === '-h') {
	process.stdout.write(HELP);
} else {
	const main = await loadMain(['url', 'doctor', 'cert'].includes(argv[0]!) ? argv[0]! : 'wizard');
	try {
		process.exitCode = await main(argv);
	} catch (error) {
		process.stderr.write(`crdb-connect: ${(error as Error).message}\n`);
		process.exitCode = 1;
	}
}
