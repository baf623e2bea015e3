// npm run bench:doctor — how fast the doctor reaches each failure's verdict, and the client-certificate-rejected
// case run 100 times through the real binary (never an exit without a verdict). Also run at the end of npm run bench.
import path from 'node:path';
import {build} from 'esbuild';

await build({entryPoints: ['bench/doctor-bench.ts'], outfile: '.bench/doctor-bench.mjs', bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning'});
const {benchDoctorVerdicts} = await import(path.resolve('.bench/doctor-bench.mjs'));
const runs = Number(process.env.BENCH_DOCTOR_RUNS ?? 15);
const binaryRuns = Number(process.env.BENCH_ALERT_RUNS ?? 100);
const {timings, timeoutMs, alert} = await benchDoctorVerdicts(runs, binaryRuns);
const ms = n => `${n.toFixed(0).padStart(6)} ms`;
console.log(`\ndoctor verdicts, median (blackhole and hung: of 5), --timeout ${timeoutMs} ms, real PostgreSQL 15 and the Cloud proxy stand-in on loopback`);
console.log(`refused port               ${ms(timings.refused)}  (${(timings.refused / timeoutMs).toFixed(2)}× the timeout)`);
console.log(`unknown host               ${ms(timings.unknown)}  (${(timings.unknown / timeoutMs).toFixed(2)}× the timeout; resolver stand-in, no DNS asked)`);
console.log(`closes right after accept  ${ms(timings.closedAtOnce)}  (${(timings.closedAtOnce / timeoutMs).toFixed(2)}× the timeout)`);
console.log(`blackhole (no answer)      ${ms(timings.blackhole)}  (${(timings.blackhole / timeoutMs).toFixed(2)}× the timeout: it is the timeout)`);
console.log(`hangs after login          ${ms(timings.hungAfterLogin)}  (${(timings.hungAfterLogin / timeoutMs).toFixed(2)}× the timeout: login + one bounded statement)`);
console.log(`\nclient certificate from another CA (TLS alert), ${alert.runs} runs of bin/crdb-connect.js doctor (half with --json)`);
console.log(`verdict "unknown ca" + exit 1: ${alert.verdicts}/${alert.runs}; silent (no stdout): ${alert.silent}; exit codes ${JSON.stringify(alert.exitCodes)} (target: ${alert.runs}/${alert.runs}, 0 silent: ${alert.verdicts === alert.runs && alert.silent === 0 ? 'met' : 'MISSED'})`);
