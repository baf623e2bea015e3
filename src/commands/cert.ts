/** `crdb-connect cert …`: dispatch to the create and list commands and print their results. */
import {formatCertTable} from '../core/cert-table.js';
import {CERT_HELP, parseCertArgs} from './cert-args.js';
import {CertError, createCa, createClient, createNode, realCertContext, type CertContext, type CreateResult} from '../certs/create.js';
import {listCertificates} from '../certs/list.js';
import type {CommandIo} from './io.js';

/** Run `cert` with argv after the word `cert`; resolves with the exit status. */
export async function runCert(argv: readonly string[], env: NodeJS.ProcessEnv, io: CommandIo, ctx: CertContext = realCertContext(env)): Promise<number> {
	const parsed = parseCertArgs(argv, env);
	if (parsed.kind === 'help') {
		io.out(CERT_HELP);
		return 0;
	}

	if (parsed.kind === 'error') {
		io.err(`crdb-connect: ${parsed.message}\n`);
		return 2;
	}

	const o = parsed.options;
	try {
		if (o.command === 'list') {
			const rows = await listCertificates(o.certsDir, env);
			io.out(o.json ? `${JSON.stringify({certsDir: o.certsDir, certificates: rows}, null, 2)}\n` : `Certificate directory: ${o.certsDir}\n${formatCertTable(rows)}\n`);
			return 0;
		}

		let result: CreateResult;
		if (o.command === 'create-ca') result = await createCa(o, ctx);
		else if (o.command === 'create-node') result = await createNode({...o, hosts: o.args}, ctx);
		else result = await createClient({...o, user: o.args[0]!}, ctx);
		for (const warning of result.warnings) io.err(`${warning}\n`);
		for (const file of result.written) io.out(`wrote ${file}\n`);
		return 0;
	} catch (error) {
		io.err(`ERROR: ${(error as Error).message}\n`);
		if (error instanceof CertError && error.hint) io.err(`HINT: ${error.hint}\n`);
		return 1;
	}
}
