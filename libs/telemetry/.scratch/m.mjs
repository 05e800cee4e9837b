import { Registry, Histogram } from 'prom-client';
const r = new Registry(); r.setDefaultLabels({ service: 'o' });
const h = new Histogram({ name: 'x_seconds', help: 'h', labelNames: ['method'], buckets: [0.1, 1], registers: [r] });
h.observe({ method: 'Get' }, 0.5);
console.log(await r.metrics());
