import { runService } from '@cs/service-kit';
import { aftersalesService } from './aftersales.service.js';

await runService(aftersalesService);
