import { runService } from '@cs/service-kit';
import { ordersService } from './orders.service.js';

await runService(ordersService);
