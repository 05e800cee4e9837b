import { runService } from '@cs/service-kit';
import { careService } from './care.service.js';

await runService(careService);
