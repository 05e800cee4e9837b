import { openDatabase } from '@cs/persistence';
const { ArticleSchema } = await import('/work/main/services/knowledge/dist/infrastructure/article.schema.js');
const orm = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/cs_k1_scratch', entities: [ArticleSchema], migrations: [], debug: false });
const conn = orm.em.getConnection();
const orig = conn.execute.bind(conn);
let captured = [];
conn.execute = async (q, p, ...rest) => { const t = performance.now(); const r = await orig(q, p, ...rest); captured.push([performance.now() - t, q.slice(0, 60).replace(/\s+/g,' ')]); if (process.env.EXPLAIN && q.startsWith('with candidates')) { const e = await orig('explain (analyze, buffers) ' + q, p, ...rest); console.log(e.map(r => r['QUERY PLAN']).join('\n')); } return r; };
const { searchArticles } = await import('/work/main/services/knowledge/dist/infrastructure/article-search.query.js');
for (const text of process.argv.slice(2)) {
  captured = [];
  const t = performance.now();
  await searchArticles(orm.em.fork(), { text, limit: 10 });
  console.log(text, (performance.now() - t).toFixed(1), captured.map(([ms, q]) => `${ms.toFixed(1)}ms ${q}`));
}
await orm.close();
