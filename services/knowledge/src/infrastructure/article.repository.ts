import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Article } from '../domain/article.aggregate.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadArticle(em: EntityManager, articleId: string): Promise<Article> {
  const article = uuidPattern.test(articleId) ? await em.findOne(Article, { id: articleId }) : null;
  if (!article) throw new NotFound('article', articleId);
  return article;
}

/** Ids and locales of the articles translating this one; for readers, only those they can read. */
export async function translationsOf(em: EntityManager, articleId: string, publishedOnly = false) {
  const rows = await em.execute<{ id: string; locale: string }[]>(
    `select id, locale from articles where translation_of = ?
     ${publishedOnly ? 'and published_version > 0 and not archived' : ''} order by locale`,
    [articleId],
  );
  return rows.map((r) => ({ articleId: r.id, locale: r.locale }));
}
