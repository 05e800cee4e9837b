// The orders the gRPC benchmark seeds and the event payloads are made of (pgbench copies the rows
// the gRPC run wrote, so all three carry JSON of the same size).
export const ORDER_COUNT = Number(process.env.BENCH_ORDERS ?? 5000);

/** BO00001 … BO05000: pgbench computes the same ids from a random number. */
export const orderId = (n) => `BO${String(n).padStart(5, '0')}`;
export const randomOrderId = () => orderId(1 + Math.floor(Math.random() * ORDER_COUNT));

export const address = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路1号',
  postalCode: '310000',
};
export const customer = { customerId: 'buyer-1', displayName: '李四' };
export const items = [
  {
    sku: 'MUG-RED',
    title: '红色马克杯',
    quantity: 2,
    unitPrice: { amountMinor: 1999, currency: 'CNY' },
    attributes: {},
  },
];
export const total = { amountMinor: 3998, currency: 'CNY' };
export const agent = { agentId: 'agent-7', name: '张三' };

/** A new address per request (the street number varies), as agents would type it. */
export const newAddress = (n) => ({ ...address, street: `文一路${n % 1000}号`, phone: '13900002222' });
