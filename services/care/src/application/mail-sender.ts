/** One email as the mail server gets it. */
export interface Mail {
  /** Our message id: becomes the Message-ID header, the same on a retry. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** The opt-out link of a marketing email (List-Unsubscribe). */
  optOutLink?: string;
}

/** Where email leaves the platform (SMTP in production and tests). */
export abstract class MailSender {
  abstract send(mail: Mail): Promise<void>;
}
