import { runService } from '@cs/service-kit';
import { inquiryService } from './inquiry.service.js';

await runService(inquiryService);
