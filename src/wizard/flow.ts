/**
The wizard's flow as data: the four stages' steps (src/stages/), in the order they run. A step asks one
question or runs one task through the injected ports. No Ink, no I/O: front-ends interpret these steps.
*/
import {PROFILE_PASSWORD_STEP, UNVERIFIED_PASSWORD_STEP} from './consent.js';
import {CLUSTER_STEPS} from '../stages/cluster.js';
import {CONNECT_STEPS, DATABASE_CREATE_STEP} from '../stages/connect.js';
import {CLOUD_CONNECTION_STEP, DATABASE_STEPS, OUTPUT_STEP, TLS_STEPS} from '../stages/method.js';
import {ALLOWLIST_STEPS, GUIDED_STEPS, HOST_STEPS, IP_LOOKUP_STEP, SOURCE_STEP} from '../stages/network.js';
import {HOST_PLAN_STEP, PLAN_STEPS} from '../stages/plan.js';
import {PRIVATE_NETWORK_STEPS} from '../stages/private-network.js';
import {CLIENT_CA_STEPS} from '../stages/client-ca.js';
import {AUTH_STEP, CA_PLACE_STEPS, CERTIFICATE_STEPS, CLOUD_USER_STEPS, LOGIN_STEPS, SELF_HOSTED_USER_STEP, USER_NAME_STEP} from '../stages/user.js';
import {STAGES, type StageId, type Step} from './step-types.js';

/** The whole flow, in order. */
export const FLOW: readonly Step[] = [
	// 1. Authorize network.
	SOURCE_STEP,
	...CLUSTER_STEPS,
	IP_LOOKUP_STEP,
	...PLAN_STEPS,
	...ALLOWLIST_STEPS,
	...PRIVATE_NETWORK_STEPS,
	...GUIDED_STEPS,
	...HOST_STEPS,
	// 2. Create SQL user.
	USER_NAME_STEP,
	// A password a replayed profile pointed at is not sent anywhere (not even to the Cloud API) before this is answered.
	PROFILE_PASSWORD_STEP,
	// How the user logs in, and where certificates go, before the Cloud user is made: passwordless sign-in on
	// Advanced (a client CA of your own) is settled, or declined, before anything is created for it.
	AUTH_STEP,
	...CA_PLACE_STEPS,
	...CLIENT_CA_STEPS,
	...CLOUD_USER_STEPS,
	...LOGIN_STEPS,
	...CERTIFICATE_STEPS,
	// 3. Choose connection method. For a host at a keyboard, the review screen first; the database comes after TLS:
	// self-hosted, the list needs a login that verifies the server.
	HOST_PLAN_STEP,
	CLOUD_CONNECTION_STEP,
	...TLS_STEPS,
	...DATABASE_STEPS,
	OUTPUT_STEP,
	// 4. Connect. Nothing sends the password before this point; it asks when the connection would not verify the server.
	UNVERIFIED_PASSWORD_STEP,
	// Creating the database logs in too: after the consent above.
	DATABASE_CREATE_STEP,
	// Stage 2's self-hosted --create-user logs in as an admin: it also waits for the consent, the database and the TLS settings.
	SELF_HOSTED_USER_STEP,
	...CONNECT_STEPS,
];

/** The 1-based number of a stage, for "Step n of 4". */
export function stageNumber(stage: StageId): number {
	return STAGES.findIndex(s => s.id === stage) + 1;
}

/** A stage's title. */
export function stageTitle(stage: StageId): string {
	return STAGES.find(s => s.id === stage)!.title;
}
