/**
Passwordless sign-in on CockroachDB Advanced (issue 13): make or reuse a client CA of the person's own, upload it
to the cluster (POST when none is set; PATCH only after a yes that saw both fingerprints), wait until the cluster
trusts it, and sign client.<user>.crt/.key with it. The SQL user then logs in with sslcert/sslkey and no password.
Pure data, like the rest of the flow; the files and the API calls go through the ports.
*/
import path from 'node:path';
import {clientCaAction, pemFingerprint} from '../core/client-ca.js';
import {shellQuote} from '../core/launch-plan.js';
import type {Answers} from '../wizard/answers.js';
import {cloudUndo} from '../wizard/journal.js';
import {chosenCluster, withKey} from '../wizard/step-helpers.js';
import {TaskFailure, type Step} from '../wizard/step-types.js';

/** Whether the user signs in with a certificate from the client CA uploaded to a Cloud cluster. */
export const usesClientCa = (a: Answers): boolean => withKey(a) && a.auth === 'client-ca';

/** Whether the chosen Cloud cluster can trust a client CA of the person's own (Advanced only, per the API). */
export const offersClientCa = (a: Answers): boolean => withKey(a) && chosenCluster(a)?.plan === 'ADVANCED';

/** The client CA's key by default: kept apart from a node CA's (~/.cockroach-ca), outside any certs directory. */
export const defaultClientCaKey = (home: string): string => path.join(home, '.cockroach-client-ca', 'ca.key');

const short = (fingerprint: string): string => (/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(fingerprint) ? `${fingerprint.slice(0, 23)}…` : fingerprint);

/** The steps, after the way of logging in is chosen and before the SQL user is created (declining leaves nothing half done). */
export const CLIENT_CA_STEPS: Step[] = [
	{
		id: 'clientCaFiles',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: usesClientCa,
		title: a => `Make (or reuse) your client CA and client.${a.user}.crt signed by it`,
		uses: ['certsDir', 'caKey', 'user', 'clusterRef'],
		async run(ports, a, ctx, journal) {
			const cluster = chosenCluster(a)!;
			// Before any file is written: the API takes a client CA only on Advanced.
			if (cluster.plan !== 'ADVANCED') throw new TaskFailure(`${cluster.name} is ${cluster.plan}: client certificates signed by your own CA need a CockroachDB Advanced cluster; sign in with a password instead`, ['auth']);
			const certsDir = a.certsDir ?? ctx.certsDir;
			const caKey = a.caKey ?? defaultClientCaKey(ctx.home);
			const made = await ports.makeClientCaFiles({certsDir, caKey, user: a.user!});
			if (made.created.length > 0) {
				journal.record({kind: 'file-written', description: `wrote ${made.created.join(', ')}`, undo: `rm -- ${made.created.map(shellQuote).join(' ')}`, key: made.created.join(',')});
			}

			const fingerprint = pemFingerprint(made.caPem);
			const what = made.created.length > 0 ? `made ${made.created.map(f => path.basename(f)).join(', ')}` : 'reused the files there';
			return {
				patch: {certsDir, caKey, clientCaPem: made.caPem, sslcert: made.clientCert, sslkey: made.clientKey},
				detail: `${what}; CA key ${caKey} (0600, outside ${certsDir})${fingerprint ? `; CA SHA-256 ${short(fingerprint)}` : ''}; Java: ${path.basename(made.clientKeyPk8)}`,
			};
		},
	},
	{
		id: 'clientCaStatus',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: usesClientCa,
		title: a => `Read the client CA ${chosenCluster(a)?.name} trusts`,
		uses: ['clusterRef', 'clientCaPem'],
		async run(ports, a) {
			const {status, pem} = await ports.cloud(a.apiKey!).clientCaStatus(chosenCluster(a)!.id);
			const current = pemFingerprint(pem);
			// A dry run makes no CA: compare with nothing, and plan the upload.
			const state = a.clientCaPem
				? clientCaAction(status, pem, a.clientCaPem)
				: status === 'NOT_SET' ? {kind: 'upload' as const} : {kind: 'replace' as const, current: current ?? '(unreadable)', ours: '(the CA this run makes)'};
			const detail = state.kind === 'upload'
				? 'none set yet: yours will be uploaded'
				: state.kind === 'keep'
					? `yours is set already (${status})`
					: state.kind === 'wait'
						? 'another client CA is being applied: waiting for it before deciding'
						: `another client CA is set (SHA-256 ${short(state.current)})`;
			return {patch: {clientCaState: state}, detail};
		},
	},
	{
		id: 'clientCaReplace',
		stage: 'user',
		// A select, not a yes/no: its detail shows both fingerprints above the choice in every front-end.
		kind: 'select',
		when: a => usesClientCa(a) && a.clientCaState?.kind === 'replace',
		message: 'The cluster trusts another client CA. Replace it with yours? (certificates signed by the other one stop working)',
		detail: a => (a.clientCaState?.kind === 'replace' ? [`Trusted now  SHA-256 ${a.clientCaState.current}`, `Yours        SHA-256 ${a.clientCaState.ours}`] : []),
		describe: a => (a.clientCaReplace ? 'replace it' : 'keep it'),
		fills: ['clientCaReplace'],
		choices: () => [
			{value: 'keep', label: 'No: leave it in place', short: 'keep it'},
			{value: 'replace', label: 'Yes: replace it with yours', short: 'replace it'},
		],
		// Never replaced by default: scripted runs need --replace-client-ca.
		initial: a => (a.clientCaReplace ? 'replace' : 'keep'),
		accept(value, a) {
			if (value === true || value === 'true' || value === 'replace') return {patch: {clientCaReplace: true}};
			const state = a.clientCaState?.kind === 'replace' ? a.clientCaState : undefined;
			const which = state ? ` (SHA-256 ${state.current}; yours is ${state.ours})` : '';
			return {error: `the cluster's client CA${which} was left in place: replace it (--replace-client-ca), or sign in with a password instead (--auth password, or go back)`};
		},
	},
	{
		id: 'clientCaUpload',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: a => usesClientCa(a) && !(a.clientCaState?.kind === 'keep' && !a.clientCaState.pending),
		title: a => `${a.clientCaState?.kind === 'replace' ? 'Replace' : 'Upload'} the client CA of ${chosenCluster(a)?.name} and wait until the cluster trusts it`,
		uses: ['clusterRef', 'clientCaPem', 'clientCaReplace'],
		async run(ports, a, ctx, journal) {
			const cluster = chosenCluster(a)!;
			const session = ports.cloud(a.apiKey!);
			const ours = pemFingerprint(a.clientCaPem) ?? '(the CA this run makes)';
			const replace = a.clientCaReplace === true;
			// The CA being replaced is kept (a public certificate), so the undo can put it back.
			let saved: string | undefined;
			if (replace) {
				const {pem} = await session.clientCaStatus(cluster.id);
				if (pem && pemFingerprint(pem) !== pemFingerprint(a.clientCaPem)) {
					saved = await ports.saveReplacedClientCa(a.certsDir ?? ctx.certsDir, pem);
					journal.record({kind: 'file-written', description: `kept a copy of the client CA being replaced in ${saved}`, undo: `rm -- ${shellQuote(saved)}`, key: saved});
				}
			}

			const outcome = await session.setClientCa(cluster.id, a.clientCaPem ?? '', {
				replace,
				onChanged(change) {
					journal.record(change.replaced
						? {kind: 'client-ca', description: `replaced the client CA of ${cluster.name} with yours (SHA-256 ${ours})`, undo: `ccloud cluster networking client-ca-cert update ${cluster.name} --cert-file ${saved ? shellQuote(saved) : '<the previous CA certificate>'}`, key: `${cluster.id}/client-ca`}
						: {kind: 'client-ca', description: `uploaded your client CA (SHA-256 ${ours}) to ${cluster.name}, for it to trust client certificates signed by it`, undo: `ccloud cluster networking client-ca-cert delete ${cluster.name}   (or: ${cloudUndo('DELETE', `/api/v1/clusters/${cluster.id}/client-ca-cert`)})`, key: `${cluster.id}/client-ca`});
				},
			});
			const done = outcome.done === 'already-set' ? 'yours was being applied' : outcome.done;
			return {detail: `${done}; the cluster trusts it (IS_SET)${outcome.polls ? ` after ${outcome.polls} check${outcome.polls === 1 ? '' : 's'}` : ''}`};
		},
	},
];
