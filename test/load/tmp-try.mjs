import { runChangeAddressPgbench } from './change-address.pgbench.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
const r = await runChangeAddressPgbench({ levels: [1, 8], warmupS: 1, durationS: 4 });
console.log(JSON.stringify(r.results, null, 1));
await dropBenchDatabases();
