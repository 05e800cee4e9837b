import { describe, expect, it } from 'vitest';
import { personalise, withOptOutLine } from '../../src/domain/opt-out-line.rule.js';
import { optOutToken, readOptOutToken } from '../../src/domain/opt-out-token.js';

const link = 'https://shop.example/optout/abc';

describe('opt-out link on every marketing message', () => {
  it('an SMS carries the 回T退订 keyword and the link', () => {
    const text = withOptOutLine('新年快乐', 'marketing', 'sms', link);
    expect(text).toContain('退订回T');
    expect(text).toContain(link);
    expect(text.startsWith('新年快乐')).toBe(true);
  });

  it('an email and an IM message carry the opt-out link', () => {
    expect(withOptOutLine('新年快乐', 'marketing', 'email', link)).toContain(`退订: ${link}`);
    expect(withOptOutLine('新年快乐', 'marketing', 'im', link)).toContain(link);
  });

  it('a transactional message goes as written', () => {
    expect(withOptOutLine('请评价本次服务', 'transactional', 'sms', link)).toBe('请评价本次服务');
  });

  it('the coupon code is filled into the text', () => {
    expect(personalise('满100减20，券码 {coupon}', 'NY2027')).toBe('满100减20，券码 NY2027');
  });
});

describe('opt-out token: names the customer and channel, cannot be forged', () => {
  it('reads back the customer and channel it was made for', () => {
    const token = optOutToken('secret', 'buyer-张三', 'email');
    expect(readOptOutToken('secret', token)).toEqual({ customerId: 'buyer-张三', channel: 'email' });
  });

  it('refuses a token signed with another secret or edited to another customer or channel', () => {
    const token = optOutToken('secret', 'buyer-1', 'sms');
    expect(readOptOutToken('other', token)).toBeUndefined();
    const [, channel, signature] = token.split('.');
    const forged = `${Buffer.from('buyer-2').toString('base64url')}.${channel}.${signature}`;
    expect(readOptOutToken('secret', forged)).toBeUndefined();
    expect(readOptOutToken('secret', token.replace('.sms.', '.im.'))).toBeUndefined();
    expect(readOptOutToken('secret', 'garbage')).toBeUndefined();
  });
});
