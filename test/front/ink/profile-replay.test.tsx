/** A profile saved by a scripted run, replayed in the Ink front-end, reaches the same setup. */
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {describe, expect, inject, it, vi} from 'vitest';
import {realPorts} from '../../../src/adapters/wizard-ports.js';
import {buildConnectionUrl} from '../../../src/core/connection-url.js';
import {parseProfile, profileInputs} from '../../../src/core/profile.js';
import {themeFor} from '../../../src/front/ink/theme.js';
import {WizardApp} from '../../../src/front/ink/WizardApp.js';
import {toSetup} from '../../../src/wizard/answers.js';
import {FLOW} from '../../../src/wizard/flow.js';
import {createWizard, startWizard, type WizardState} from '../../../src/wizard/machine.js';
import {runCli} from '../../helpers/cli.js';
import {waitForFrame} from '../../helpers/ink.js';
import {createPasswordUser} from '../../helpers/pg-server.js';

const pg = inject('pg');
const PASSWORD = 'ink replay password';
createPasswordUser(pg, 'ink_replay', PASSWORD);

describe('replaying a profile in Ink', () => {
	it('asks nothing the profile answered and ends with the same connection', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ink-replay-'));
		const file = path.join(home, 'p.json');
		const saved = await runCli(['--host', 'localhost', '--port', String(pg.port), '--user', 'ink_replay', '--password-env', 'PW', '--ca-cert', pg.caCert, '--yes', '--no-launch', '--save-profile', file], {env: {HOME: home, PW: PASSWORD}});
		expect(saved.code).toBe(0);
		const parsed = parseProfile(readFileSync(file, 'utf8'));
		if (!parsed.ok) throw new Error(parsed.error);
		const wizard = createWizard(FLOW, {cwd: home, home, caCandidates: [], certsDir: path.join(home, 'certs'), rootCertPath: path.join(home, 'root.crt')});
		const started = startWizard(wizard, {inputs: {...profileInputs(parsed.profile, FLOW), password: PASSWORD}, presets: {passwordEnv: 'PW'}});
		if ('errors' in started) throw new Error(started.errors.join());
		const onEnd = vi.fn<(state: WizardState) => void>();
		const {lastFrame} = render(<WizardApp wizard={wizard} initial={started.state} ports={realPorts({...process.env, PATH: '/usr/bin:/bin'})} theme={themeFor({NO_COLOR: '1'})} onEnd={onEnd} />);
		const frame = await waitForFrame(lastFrame, '✔ Ready to connect', 10_000);
		expect(frame).not.toContain('? ');
		await vi.waitFor(() => expect(onEnd).toHaveBeenCalled());
		expect(`${buildConnectionUrl(toSetup(onEnd.mock.calls[0]![0].answers))}\n`).toBe(saved.stdout);
	});
});
