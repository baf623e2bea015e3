/**
The bundle's entry. `--version` and `--help` alone are answered here, before the rest of the bundle (Ink,
React, prompts) is even loaded; everything else goes through main(). The exit status is set, not forced,
so pending output is never cut off.
*/
import {HELP} from './help.js';
import {VERSION} from './version.js';

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-v') {
	process.stdout.write(`${VERSION}\n`);
} else if (only === '--help' || only === '-h') {
	process.stdout.write(HELP);
} else {
	const {main} = await import('./cli.js');
	try {
		process.exitCode = await main(argv);
	} catch (error) {
		process.stderr.write(`crdb-connect: ${(error as Error).message}\n`);
		process.exitCode = 1;
	}
}
