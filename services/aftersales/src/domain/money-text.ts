import type { Money } from '@cs/contracts/cs/common/v1/money';

/**
 * An amount for people to read: Money holds minor units (1200 CNY minor units = 12.00 CNY), and
 * the currency's ISO 4217 exponent says how many decimals it has (JPY none, CNY two).
 */
export function moneyText(money: Money): string {
  const currency = money.currency || 'CNY';
  let decimals = 2;
  try {
    decimals =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code keeps the common two decimals.
  }
  return `${(money.amountMinor / 10 ** decimals).toFixed(decimals)} ${currency}`;
}
