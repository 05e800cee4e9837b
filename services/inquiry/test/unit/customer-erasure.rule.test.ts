import { describe, expect, it } from 'vitest';
import { ERASED, eraseCustomerWords, scrubCustomerDetails } from '../../src/domain/customer-erasure.rule.js';

describe('erasure: the customer’s details inside staff text are replaced; the rest of the text stays', () => {
  it('the order desk’s address remark keeps its form and signature, not the address', () => {
    const remark =
      '已改地址：客户要求修改地址，新地址为：李四，13900002222，浙江省杭州市西湖区文一路99号，310000 ---2026.11.22 张三';
    expect(scrubCustomerDetails(remark, ['李四'])).toBe(
      '已改地址：客户要求修改地址，新地址为：[erased] ---2026.11.22 张三',
    );
  });

  it.each([
    ['a mobile number', '客户电话13912345678，下午联系', '客户电话[erased]，下午联系'],
    ['a mobile with +86', '回电 +86 13912345678', '回电 [erased]'],
    ['a landline', '座机 0571-88886666', '座机 [erased]'],
    ['an address after its label, to the line’s end', '收货地址：文三路1号\n已核对', '收货地址：[erased]\n已核对'],
    ['the customer’s name', '陈小姐询问库存', '[erased]询问库存'],
    ['an order number is not a phone', '订单 TB20261122000001 已确认', '订单 TB20261122000001 已确认'],
    ['ordinary text', '已解答，客户满意', '已解答，客户满意'],
  ])('%s', (_, text, scrubbed) => {
    expect(scrubCustomerDetails(text, ['陈小姐'])).toBe(scrubbed);
  });

  it('a one-character name would erase ordinary words: it is left alone', () => {
    expect(scrubCustomerDetails('王总说好的', ['王'])).toBe('王总说好的');
  });

  it('scrubbing twice changes nothing more', () => {
    const once = scrubCustomerDetails('陈小姐 13912345678 地址：文三路1号', ['陈小姐']);
    expect(scrubCustomerDetails(once, ['陈小姐', ERASED])).toBe(once);
  });
});

describe('erasure: what the customer wrote is not kept at all', () => {
  it('their words become the marker; nothing stays nothing', () => {
    expect(eraseCustomerWords('我的电话是13912345678')).toBe(ERASED);
    expect(eraseCustomerWords('')).toBe('');
  });
});
