import { runService } from '@cs/service-kit';
import { knowledgeService } from './knowledge.service.js';

await runService(knowledgeService);
