import { runService } from '@cs/service-kit';
import { complaintsService } from './complaints.service.js';

await runService(complaintsService);
