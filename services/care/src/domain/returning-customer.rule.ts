/** The returning-customer programme (回头客) coupon: issued once, when the buyer reaches N paid orders. */
export const returningCustomerProgramme = 'returning-customer';

export function earnsReturningCustomerCoupon(paidOrders: number, couponAtPaidOrders: number): boolean {
  return paidOrders >= couponAtPaidOrders;
}
