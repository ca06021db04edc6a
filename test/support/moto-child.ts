// A process that starts moto, prints its pid and waits to be signalled; the lifecycle test
// checks that moto dies with it.
import { startMoto } from '../../src/local/moto-server.js';

const moto = await startMoto();
process.stdout.write(`moto-pid=${moto.pid}\n`);
setInterval(() => undefined, 60_000);
