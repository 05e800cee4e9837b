import { generateArticles } from './knowledge-search.bench.mjs';
const { segment } = await import('/work/main/services/knowledge/dist/domain/segmenter.js');
const arts = [...generateArticles(3000)];
let chars = 0; for (const a of arts) chars += a.body.length;
for (let r = 0; r < 2; r++) {
  const t = performance.now();
  for (const a of arts) { segment(a.title); segment(a.body); }
  const ms = performance.now() - t;
  console.log(`${(ms / arts.length).toFixed(3)} ms/article, ${(chars / arts.length).toFixed(0)} chars avg, ${(ms * 1000 / chars).toFixed(2)} µs/char`);
}
const icu = new Intl.Segmenter('zh', { granularity: 'word' });
const t = performance.now(); for (const a of arts) [...icu.segment(a.body)]; console.log('icu only', ((performance.now() - t) / arts.length).toFixed(3), 'ms/article');
