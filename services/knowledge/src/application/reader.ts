import { type Actor, hasRole, roles } from '@cs/auth';

/** Editors and reviewers see drafts and every version; everyone else reads what is published. */
export function seesDrafts(actor: Pick<Actor, 'roles'>): boolean {
  return hasRole(actor, roles.knowledgeEditor, roles.knowledgeReviewer);
}
