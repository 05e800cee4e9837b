import { describe, expect, it } from 'vitest';
import { surveyChannels } from '../../src/domain/survey.rule.js';

describe('survey channel rule', () => {
  it('a conversation’s survey goes back on IM, where the customer talked, then SMS, then email', () => {
    expect(surveyChannels('conversation')).toEqual(['im', 'sms', 'email']);
  });

  it('a case’s survey and an NPS survey go by SMS first', () => {
    expect(surveyChannels('case')).toEqual(['sms', 'im', 'email']);
    expect(surveyChannels('nps-round')).toEqual(['sms', 'im', 'email']);
  });
});
