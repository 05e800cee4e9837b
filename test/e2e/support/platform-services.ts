import type { ServiceSpec } from '@cs/service-kit';
import { aftersalesService } from '../../../services/aftersales/src/aftersales.service.js';
import { careService } from '../../../services/care/src/care.service.js';
import { complaintsService } from '../../../services/complaints/src/complaints.service.js';
import { inquiryService } from '../../../services/inquiry/src/inquiry.service.js';
import { knowledgeService } from '../../../services/knowledge/src/knowledge.service.js';
import { ordersService } from '../../../services/orders/src/orders.service.js';

/** Every service of the platform, for tests that boot them all in-process. */
export const platformServices: readonly ServiceSpec[] = [
  inquiryService,
  ordersService,
  aftersalesService,
  complaintsService,
  careService,
  knowledgeService,
];
