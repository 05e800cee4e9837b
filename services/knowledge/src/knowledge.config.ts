import { envInt, envObject, platformEnvShape, type ServiceDefaults } from '@cs/config';
import { repliesEnvShape } from './replies.config.js';

/** The platform's variables plus the knowledge base's own. */
export function knowledgeConfigSchema(defaults: ServiceDefaults) {
  return envObject({
    ...platformEnvShape(defaults),
    ...repliesEnvShape,
    // How often each replica looks for scheduled article versions whose time has come.
    KNOWLEDGE_PUBLISH_POLL_MS: envInt(50).default(5_000),
  }).transform((config) => ({ ...config, natsServers: config.natsUrl.split(',') }));
}

export type KnowledgeConfig = ReturnType<ReturnType<typeof knowledgeConfigSchema>['parse']>;
