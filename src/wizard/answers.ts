/** What the wizard has learnt so far, and how it becomes a ConnectionSetup. Pure. */
import {DEFAULT_PORT} from '../core/connection-url.js';
import type {FormatName} from '../core/connection-formats.js';
import type {CloudClusterSummary, DatabaseInfo} from './ports.js';
import type {AvailableRegion, RegionLatency} from '../core/region-choice.js';
import type {ConnectionSetup, ShellsFound} from '../core/setup.js';
import {verifiesServer, type SslMode} from '../core/sslmode.js';
import type {ClientCaAction} from '../core/client-ca.js';

/** How the person tells us where the cluster is (the one list: profiles validate against it too). */
export const CLUSTER_SOURCES = ['host', 'url', 'cloud'] as const;
/** One of CLUSTER_SOURCES. */
export type ClusterSource = (typeof CLUSTER_SOURCES)[number];

/** How the SQL user logs in. */
export const AUTH_METHODS = ['password', 'cert', 'generate', 'client-ca'] as const;
/** One of AUTH_METHODS. */
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** How a Cloud cluster is reached: the IP allowlist, a private endpoint, or GCP VPC peering. */
export const NET_MODES = ['allowlist', 'private', 'peering'] as const;
/** Which network the allowlist gets: this machine, a typed CIDR, or none. */
export const ALLOW_CHOICES = ['current', 'cidr', 'skip'] as const;
/** What happens to the Cloud SQL user: use it as it is, set a new password, or create it. */
export const USER_ACTIONS = ['existing', 'reset', 'create'] as const;

/** Every answer the flow can collect; all optional until the flow is done. */
export interface Answers {
	source?: ClusterSource;
	/** The pasted connection string. It may hold a password, so it is never displayed. */
	url?: string;
	host?: string;
	port?: number;
	user?: string;
	auth?: AuthMethod;
	password?: string;
	passwordEnv?: string;
	/** 'profile' when the password was read through a replayed profile's passwordEnv (see consent.ts). */
	passwordFrom?: 'profile';
	/** May the password be sent: true when named on the command line, else the target it was confirmed for (consent.ts). */
	passwordConsent?: boolean | string;
	database?: string;
	sslmode?: SslMode;
	caCert?: string;
	/** A URL to download the CA certificate from (it is then placed in the default root.crt). */
	caUrl?: string;
	sslcert?: string;
	sslkey?: string;
	params?: Record<string, string>;
	/** Where generated certificates go, and where the CA key lives (outside the certs directory). */
	certsDir?: string;
	caKey?: string;
	nodeHosts?: string[];
	/** Start a local single-node cluster with the generated certificates. */
	startLocal?: boolean;
	/** CockroachDB Cloud: the API key (memory only, never shown or saved), the clusters it sees, the choices made. */
	apiKey?: string;
	cloudClusters?: CloudClusterSummary[];
	clusterRef?: string;
	region?: string;
	publicIp?: string;
	/** Why the public-IP look-up failed, if it did. */
	publicIpError?: string;
	/** Whether a rule other than 0.0.0.0/0 admits this machine. */
	allowlistCoveredByOwnRule?: boolean;
	/** The Cloud flags given on the command line, checked against the cluster once it is known. */
	givenFlags?: string[];
	allowlistCovered?: boolean;
	/** The SQL rules already on the cluster's allowlist (CIDR text): the open-network guard judges them with the new ones. */
	allowlistRules?: string[];
	allowChoice?: (typeof ALLOW_CHOICES)[number];
	/** Reach a Cloud cluster over the public internet (allowlist), a private endpoint, or GCP VPC peering. */
	netMode?: (typeof NET_MODES)[number];
	/** GCP VPC peering: the person's GCP project (their network is peNetwork). */
	peProject?: string;
	peService?: {name: string; endpointServiceId: string; cloud: string};
	peNetwork?: string;
	peSubnets?: string[];
	peGroups?: string[];
	peResourceGroup?: string;
	peEndpoint?: string;
	/** Azure's DNS commands were shown with the endpoint-creation commands (so not again after the connection). */
	peDnsShown?: boolean;
	allowCidr?: string;
	allowCidrCleared?: boolean;
	allowAllConfirmed?: boolean;
	/** Allow DB Console (UI) access too (Advanced only). */
	allowUi?: boolean;
	/** The rules already on the allowlist that allow the DB Console (CIDR text): what a rule there before the run allows. */
	allowlistUiRules?: string[];
	/** The allowlist rules this run added (CIDR → whether they allow the DB Console now): after Back a changed answer updates them. */
	allowlistAdded?: Record<string, boolean>;
	/** The allowlist task's title as it ran, and the answers it ran with (after it, the rules it added read as already there). */
	allowlistDone?: {inputs: string; title: string};
	/** Replace a 0.0.0.0/0 rule with the network just added (Basic, Standard). */
	replaceOpen?: boolean;
	openToAll?: boolean;
	/** AWS account trusted to create private endpoints (Advanced). */
	peOwner?: string;
	guideDone?: boolean;
	sqlUserExists?: boolean;
	/** --create-user found the user there already: nothing was created, and the login check tries the given password. */
	userExisted?: boolean;
	userAction?: (typeof USER_ACTIONS)[number];
	generatePassword?: boolean;
	/** Write the generated password only to this new file (0600): --password-file. */
	passwordFile?: string;
	/** Self-hosted --create-user: the admin who creates the user, and its password (memory only) if it logs in with one. */
	adminUser?: string;
	adminPassword?: string;
	/** Offer to save the setup as a profile at the end (no front-end sets it any more: --save-profile and the end hint do). */
	offerSave?: boolean;
	/** A person is at the keyboard (Ink or plain): the Cloud path offers its one-screen plan. */
	interactive?: boolean;
	/** The SQL users the cluster has (for a new user's default name that does not clash). */
	cloudUsers?: string[];
	/** The Cloud plan was accepted as shown (true) or is being edited question by question (false). */
	planAccepted?: boolean;
	/** Where to save the profile ('' = do not). */
	profilePath?: string;
	/** How the person will connect: open a shell, or show one of the connection formats. */
	output?: 'shell' | FormatName;
	/** No cluster yet: create a free Basic one with this name, cloud and region. */
	createCluster?: boolean;
	newClusterName?: string;
	newClusterCloud?: 'GCP' | 'AWS' | 'AZURE';
	newClusterRegion?: string;
	/** The clusters this run created (a cluster of the --create-cluster name that is not one of them was there before: it is reused). */
	createdClusterIds?: string[];
	/** Regions on offer for a new cluster, nearest first (from the API). */
	availableRegions?: AvailableRegion[];
	/** Measured round trips to each region of the chosen cluster. */
	regionLatency?: RegionLatency[];
	/** The cluster's databases, when they could be listed. */
	databaseList?: DatabaseInfo[];
	/** Create the chosen database when it is missing. */
	createDatabase?: boolean;
	/** Passwordless sign-in on Advanced (auth 'client-ca'): our client CA's certificate (public), and what the cluster has. */
	clientCaPem?: string;
	clientCaState?: ClientCaAction;
	/** The person confirmed replacing the cluster's other client CA with ours (--replace-client-ca). */
	clientCaReplace?: boolean;
	serverVersion?: string;
	shells?: ShellsFound;
	launch?: boolean;
}

/** A name of one answer. */
export type Field = keyof Answers;

/** The database a CockroachDB cluster always has. */
export const DEFAULT_DATABASE = 'defaultdb';

/** Assemble the connection setup; throws if the flow has not collected what it needs (a bug, not user error). */
export function toSetup(answers: Answers): ConnectionSetup {
	const {host, user, sslmode} = answers;
	if (!host || !user || !sslmode) throw new Error('the wizard finished without a host, user or sslmode');
	const setup: ConnectionSetup = {
		host,
		port: answers.port ?? DEFAULT_PORT,
		user,
		database: answers.database ?? DEFAULT_DATABASE,
		sslmode,
	};
	if (answers.password !== undefined) setup.password = answers.password;
	if (answers.passwordEnv) setup.passwordEnv = answers.passwordEnv;
	// A root certificate only matters when it is checked; with `require` libpq would silently start checking it.
	if (verifiesServer(sslmode) && answers.caCert) setup.sslrootcert = answers.caCert;
	if (sslmode !== 'disable') {
		if (answers.sslcert) setup.sslcert = answers.sslcert;
		if (answers.sslkey) setup.sslkey = answers.sslkey;
	}

	if (answers.params && Object.keys(answers.params).length > 0) setup.params = {...answers.params};
	return setup;
}
