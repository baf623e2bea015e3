/** The bundle's entry: run main() and make its status the process's, without cutting off pending output. */
import {main} from './cli.js';

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`crdb-connect: ${(error as Error).message}\n`);
		process.exitCode = 1;
	},
);
