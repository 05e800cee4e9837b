/**
 * First response rule (step 1, 受理): the customer hears at once that we are sorry and that the
 * complaint is registered under a number they can quote. Nothing is promised about the outcome.
 */
export function apologyText(number: string): string {
  return `非常抱歉给您带来不好的体验，您的投诉已登记（编号 ${number}），我们会尽快核实处理并与您联系。`;
}
