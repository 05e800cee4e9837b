import { type Actor, hasRole, roles } from '@cs/auth';

/** Editors and reviewers see drafts and every version; everyone else reads what is published. */
export function seesDrafts(actor: Pick<Actor, 'roles'>): boolean {
  return hasRole(actor, roles.knowledgeEditor, roles.knowledgeReviewer);
}

/** Standard replies are written by editors, supervisors and the manager too: they see drafts as well. */
export function seesReplyDrafts(actor: Pick<Actor, 'roles'>): boolean {
  return hasRole(actor, roles.knowledgeEditor, roles.knowledgeReviewer, roles.supervisor, roles.manager);
}
