/**
A stand-in for the `cockroach` binary, which cannot be installed here. It records every call (argv and
COCKROACH_URL) as a JSON line. For `start-single-node` it starts what it can that is real: a PostgreSQL 15
server serving the node certificate from --certs-dir on --listen-addr, accepting only client certificates,
with a login role for every client.<user>.crt. Other commands exit with $STANDIN_EXIT (default 0).
Bundled to plain JavaScript by the test that uses it.
*/
import {appendFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {adminSql, startPgServer} from './pg-server.js';

const [record, ...args] = process.argv.slice(2) as [string, ...string[]];
appendFileSync(record, JSON.stringify({argv: args, env: {COCKROACH_URL: process.env.COCKROACH_URL ?? null}}) + '\n');
if (args[0] === 'start-single-node') {
	const flag = (name: string) => args.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';
	const certsDir = flag('certs-dir');
	const port = Number(flag('listen-addr').split(':').at(-1));
	const server = await startPgServer({port, tls: {cert: path.join(certsDir, 'node.crt'), key: path.join(certsDir, 'node.key'), ca: path.join(certsDir, 'ca.crt')}});
	for (const file of readdirSync(certsDir)) {
		const user = /^client\.(.+)\.crt$/.exec(file)?.[1];
		if (user) adminSql(server, `CREATE ROLE "${user}" LOGIN IN ROLE certusers`);
	}

	appendFileSync(record, JSON.stringify({server}) + '\n');
} else {
	process.exitCode = Number(process.env.STANDIN_EXIT ?? 0);
}
