import { openDatabase } from '@cs/persistence';
import { RELEVANCE_QUESTIONS } from '../../services/knowledge/test/relevance/questions.ts';
const { searchArticles } = await import('/work/main/services/knowledge/dist/infrastructure/article-search.query.js');
const { ArticleSchema } = await import('/work/main/services/knowledge/dist/infrastructure/article.schema.js');
const orm = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/cs_k1_scratch', entities: [ArticleSchema], migrations: [] });
const times = [];
for (let round = 0; round < 2; round++)
for (const q of RELEVANCE_QUESTIONS) {
  const t = performance.now();
  const hits = await searchArticles(orm.em.fork(), { text: q.text, locale: q.locale, limit: 10 });
  const ms = performance.now() - t;
  if (round === 1) times.push([ms, q.text, hits.length]);
}
times.sort((a, b) => a[0] - b[0]);
const p = (x) => times[Math.min(times.length - 1, Math.ceil(x / 100 * times.length) - 1)][0].toFixed(1);
console.log('p50', p(50), 'p90', p(90), 'p99', p(99));
console.log(times.slice(-12).map((t) => `${t[0].toFixed(1)} ${t[1]} ${t[2]}`).join('\n'));
console.log('empty:', times.filter((t) => t[2] === 0).map((t) => t[1]).join(' | '));
await orm.close();
