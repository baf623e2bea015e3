/*
Loaded into the real binary with NODE_OPTIONS="--import <this file>": a full garbage collection every 20 ms, so a
test that waits seconds sees what a person's minutes-long wait sees: whatever is held only weakly is collected.
*/
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
setInterval(gc, 20).unref();
