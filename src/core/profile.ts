/**
Saved setups ("profiles"): the wizard's answers as versioned JSON, with secrets only as references to
environment variables. Validated on read with zod (its mini build: the classic one is ~280 KB of the bundle, ~10 ms of
each first run's compile, for the same checks): wrong types, huge values and path tricks are refused with
the field named. Pure: reading and writing the file is the caller's.
*/
import path from 'node:path';
import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';
import {buildConnectionUrl, isSecretParam, parseConnectionUrl, publicParams} from './connection-url.js';
import {ALLOW_CHOICES, AUTH_METHODS, CLUSTER_SOURCES, NET_MODES, USER_ACTIONS, type Answers} from '../wizard/answers.js';
import {SSL_MODES} from './sslmode.js';
import {hasControlCharacters} from './printable.js';

/** The schema version this build writes and reads. */
export const PROFILE_VERSION = 1;

// The mini build carries no messages of its own: zod's English ones, for the errors zod words (e.g. an unknown key).
z.config(en());

/** No field of a profile may hold control characters: they would be printed (a profile comes from others). */
const printable = z.refine<string>(v => !hasControlCharacters(v), 'must not hold control characters');
const name = z.string().check(z.minLength(1), z.maxLength(256), printable);
const text = z.string().check(z.maxLength(4096), printable);
const envName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name'));
/** File fields must be absolute, normalised paths: no "..", no NUL, so a profile cannot aim writes elsewhere. */
const filePath = z.string().check(z.maxLength(4096), z.refine(p => path.isAbsolute(p) && path.normalize(p) === p && !p.split(/[\\/]/).includes('..') && !p.includes('\0'), 'must be an absolute path without ".." segments'));

/** The answers a profile may carry. Secrets (password, API key) are never among them. */
const answersSchema = z.strictObject({
	source: z.optional(z.enum(CLUSTER_SOURCES)),
	url: z.optional(z.string().check(z.maxLength(4096), printable, z.refine(u => {
		const parsed = parseConnectionUrl(u);
		return parsed.ok && parsed.parts.password === undefined && !Object.keys(parsed.parts.params ?? {}).some(isSecretParam);
	}, 'must be a postgresql:// URL without a password or sslpassword'))),
	host: z.optional(name),
	port: z.optional(z.int().check(z.minimum(1), z.maximum(65_535))),
	user: z.optional(name),
	auth: z.optional(z.enum(AUTH_METHODS)),
	database: z.optional(name),
	sslmode: z.optional(z.enum(SSL_MODES)),
	caCert: z.optional(filePath),
	caUrl: z.optional(z.url({protocol: /^https?$/}).check(z.maxLength(4096))),
	sslcert: z.optional(filePath),
	sslkey: z.optional(filePath),
	params: z.optional(z.record(z.string().check(z.maxLength(128)), text).check(z.refine(r => Object.keys(r).length <= 32, 'at most 32 parameters'), z.refine(r => !Object.keys(r).some(isSecretParam), 'must not hold sslpassword (a secret)'))),
	certsDir: z.optional(filePath),
	caKey: z.optional(filePath),
	nodeHosts: z.optional(z.array(name).check(z.maxLength(64))),
	startLocal: z.optional(z.boolean()),
	output: z.optional(name),
	launch: z.optional(z.boolean()),
	clusterRef: z.optional(name),
	region: z.optional(name),
	netMode: z.optional(z.enum(NET_MODES)),
	peProject: z.optional(name),
	allowChoice: z.optional(z.enum(ALLOW_CHOICES)),
	allowCidr: z.optional(text),
	allowUi: z.optional(z.boolean()),
	replaceOpen: z.optional(z.boolean()),
	userAction: z.optional(z.enum(USER_ACTIONS)),
	peEndpoint: z.optional(name),
	peNetwork: z.optional(name),
	peSubnets: z.optional(z.array(name).check(z.maxLength(64))),
	peGroups: z.optional(z.array(name).check(z.maxLength(64))),
	peResourceGroup: z.optional(name),
	peOwner: z.optional(z.string().check(z.maxLength(32))),
});

const profileSchema = z.strictObject({
	kind: z.literal('crdb-connect-profile'),
	version: z.literal(PROFILE_VERSION),
	answers: answersSchema,
	/** Where the password is read from at replay (the value is never stored). */
	passwordEnv: z.optional(envName),
	/** Where the Cloud API key is read from at replay: only COCKROACH_API_KEY, so a profile cannot send another variable to the Cloud API. */
	apiKeyEnv: z.optional(z.literal('COCKROACH_API_KEY', {error: 'must be COCKROACH_API_KEY (a profile cannot choose which variable is sent as the API key)'})),
});

/** A validated profile. */
export type Profile = z.infer<typeof profileSchema>;

/** The answers a profile keeps (everything but secrets and what tasks discover). */
const KEPT = Object.keys(answersSchema.shape) as Array<keyof typeof answersSchema.shape>;

/** Make a profile from the answers: secrets become references, a pasted URL loses its password. */
export function profileFromAnswers(answers: Answers, refs: {passwordEnv?: string; apiKeyEnv?: string}): Profile {
	const kept: Record<string, unknown> = {};
	for (const key of KEPT) {
		const value = answers[key as keyof Answers];
		if (value !== undefined && value !== '') kept[key] = value;
	}

	if (typeof kept.url === 'string') {
		const parsed = parseConnectionUrl(kept.url);
		if (parsed.ok) kept.url = buildConnectionUrl({...parsed.parts, password: undefined}, 'omit');
	}

	// The client key's passphrase is a secret like the password: it is never saved.
	if (kept.params) {
		const params = publicParams(kept.params as Record<string, string>);
		if (params) kept.params = params;
		else delete kept.params;
	}

	if (Array.isArray(kept.nodeHosts) && kept.nodeHosts.length === 0) delete kept.nodeHosts;
	const profile: Profile = {kind: 'crdb-connect-profile', version: PROFILE_VERSION, answers: kept as Profile['answers']};
	if (refs.passwordEnv) profile.passwordEnv = refs.passwordEnv;
	if (refs.apiKeyEnv === 'COCKROACH_API_KEY') profile.apiKeyEnv = refs.apiKeyEnv;
	return profile;
}

/** Read a profile (or a doctor report, which embeds one); one line naming the field and the problem on failure. */
export function parseProfile(text: string): {ok: true; profile: Profile} | {ok: false; error: string} {
	if (text.length > 1_000_000) return {ok: false, error: 'the profile is larger than 1 MB: it is not a crdb-connect profile'};
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return {ok: false, error: 'the profile is not valid JSON'};
	}

	// A doctor report carries its profile under "profile".
	if (data && typeof data === 'object' && 'profile' in data && (data as {kind?: unknown}).kind === 'crdb-connect-report') data = (data as {profile: unknown}).profile;
	if (!data || typeof data !== 'object') return {ok: false, error: 'the profile is not a JSON object'};
	const version = (data as {version?: unknown}).version;
	if (typeof version === 'number' && version > PROFILE_VERSION) {
		return {ok: false, error: `the profile has schema version ${version}, newer than this crdb-connect reads (${PROFILE_VERSION}): upgrade crdb-connect`};
	}

	if (version !== PROFILE_VERSION) {
		return {ok: false, error: `the profile has schema version ${JSON.stringify(version ?? null)}; this crdb-connect reads version ${PROFILE_VERSION}: save it again with --save-profile`};
	}

	const result = profileSchema.safeParse(data);
	if (result.success) return {ok: true, profile: result.data};
	const issue = result.error.issues[0]!;
	const where = issue.path.length ? issue.path.join('.') : 'the profile';
	return {ok: false, error: `${where}: ${issue.message}`};
}

/** Turn a profile into step inputs (raw values, validated again by each step) the way flags are given. */
export function profileInputs(profile: Profile, steps: ReadonlyArray<{id: string; kind: string; fills?: readonly string[]}>): Record<string, string | boolean> {
	const inputs: Record<string, string | boolean> = {};
	const answers = profile.answers as Record<string, unknown>;
	for (const step of steps) {
		if (step.kind === 'task' || !step.fills || step.fills.length !== 1) continue;
		const value = answers[step.fills[0]!];
		if (value === undefined) continue;
		inputs[step.id] = typeof value === 'boolean' ? value : Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value);
	}

	return inputs;
}
