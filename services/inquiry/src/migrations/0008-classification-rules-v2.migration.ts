import { Migration } from '@mikro-orm/migrations';
import { classificationRulesV2 } from './classification-rules-v2.js';
import { defaultRules } from './default-rules.js';

const quote = (v: string) => `'${v.replaceAll("'", "''")}'`;

/**
 * The second seed of classification rules: synonym-aware keywords, "+" combinations and weights
 * (see classification-rules-v2.ts). A first-seed rule is replaced only while it is exactly as seeded:
 * one an admin edited or disabled stays as they left it. Rules the department added are untouched.
 */
export class ClassificationRulesV2 extends Migration {
  override up(): void {
    for (const r of defaultRules) {
      this.addSql(
        `delete from classification_rules where id = ${quote(r.id)} and conversation_class = ${quote(r.conversationClass)}
         and kind = ${quote(r.kind)} and pattern = ${quote(r.pattern)} and priority = ${r.priority} and enabled`,
      );
    }
    for (const r of classificationRulesV2) {
      this.addSql(
        `insert into classification_rules (id, conversation_class, kind, pattern, priority) values (${[
          r.id,
          r.conversationClass,
          r.kind,
          r.pattern,
        ]
          .map(quote)
          .join(', ')}, ${r.priority}) on conflict (id) do nothing`,
      );
    }
  }

  override down(): void {
    this.addSql(`delete from classification_rules where id like 'seed-v2-%'`);
  }
}
